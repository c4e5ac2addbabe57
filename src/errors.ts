/**
 * Typed errors. Every error linclass throws on purpose is a `LinclassError` with a stable `code`, so
 * callers (the CLI, the lab) can branch on the kind of failure and show one line instead of a stack.
 * Messages name the argument, file or field at fault and, where there is one, the fix.
 */

export type ErrorCode =
  | 'E_ARGUMENT'
  | 'E_SHAPE'
  | 'E_NON_FINITE'
  | 'E_DATA_FORMAT'
  | 'E_MODEL_FORMAT'
  | 'E_DIVERGED'
  | 'E_IO'
  | 'E_NOT_FITTED'
  | 'E_USAGE';

export class LinclassError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** An argument has a value outside what is allowed (a margin ≤ 0, a label outside 0..C−1, k = 0). */
export class ArgumentError extends LinclassError {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super('E_ARGUMENT', `${argument}: ${message}`);
    this.argument = argument;
  }
}

/** Two arrays whose shapes must agree do not (the message shows both shapes). */
export class ShapeError extends LinclassError {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super('E_SHAPE', `${argument}: ${message}`);
    this.argument = argument;
  }
}

/** NaN or ±Infinity where finite numbers are required. */
export class NonFiniteError extends LinclassError {
  readonly argument: string;
  readonly index: number;
  constructor(argument: string, index: number, value: number, detail = '') {
    super('E_NON_FINITE', `${argument}: element ${index} is ${value}; finite numbers are required${detail}`);
    this.argument = argument;
    this.index = index;
  }
}

/** A data file (IDX, CIFAR-10, CSV) is missing, truncated or malformed. */
export class DataFormatError extends LinclassError {
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('E_DATA_FORMAT', `${file}: ${message}`, options);
    this.file = file;
  }
}

/** A model file (safetensors) is malformed, forged or of an unknown version. */
export class ModelFormatError extends LinclassError {
  readonly file: string;
  constructor(file: string, message: string) {
    super('E_MODEL_FORMAT', `${file}: ${message}`);
    this.file = file;
  }
}

/** Training produced a non-finite loss or weight. */
export class DivergenceError extends LinclassError {
  readonly epoch: number;
  readonly step: number;
  constructor(epoch: number, step: number, what: string) {
    super(
      'E_DIVERGED',
      `training diverged at epoch ${epoch}, step ${step}: ${what}. ` +
        'Lower the learning rate (--lr) or standardise the inputs; the model keeps its last finite weights.',
    );
    this.epoch = epoch;
    this.step = step;
  }
}

/** A file could not be read or written (the cause is the system error). */
export class IoError extends LinclassError {
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('E_IO', `${file}: ${message}`, options);
    this.file = file;
  }
}

/** A model was used before `fit` or `load`. */
export class NotFittedError extends LinclassError {
  constructor(what: string) {
    super('E_NOT_FITTED', `${what} is not fitted yet: call fit() or load a saved model first`);
  }
}
