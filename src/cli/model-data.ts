/** A saved model and the data it is asked to score must agree on features and classes. */
import type { Dataset } from '../data/types.js';
import { UsageError } from './usage.js';

export function checkModelFitsData(
  model: { readonly inputDim: number; readonly classNames: readonly string[] },
  data: Dataset,
  modelPath: string,
  source: string,
): void {
  if (data.X.cols !== model.inputDim) {
    throw new UsageError(`${modelPath} takes ${model.inputDim} values per example, but ${source} has ${data.X.cols}: evaluate it on the data it was trained on`);
  }
  if (data.classNames.length !== model.classNames.length) {
    throw new UsageError(`${modelPath} knows ${model.classNames.length} classes, but ${source} has ${data.classNames.length}`);
  }
}
