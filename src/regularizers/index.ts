export {
  l2,
  l1,
  elasticNet,
  noRegularizer,
  regularizerFromSpec,
  type Regularizer,
  type RegularizerName,
  type RegularizerSpec,
} from './regularizer.js';
