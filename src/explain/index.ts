export {
  explainBatch,
  explainExample,
  explainScores,
  LOSS_TEXT,
  type BatchExplanation,
  type ExampleExplanation,
  type ExplainOptions,
  type HingeTerm,
  type ScoreStep,
  type SoftmaxWalk,
} from './explain.js';
export { renderBatch, renderExample } from './render.js';
export { className, formatNumber, PERSIAN_CLASS_NAMES, toPersianDigits, type Lang, type Text } from './i18n.js';
