/**
 * Ctrl-C during a long run: the first press asks the run to stop after the current step (the command then
 * still evaluates and writes what was trained so far); a second press quits at once with status 130.
 */
export interface Interrupt {
  readonly signal: { readonly aborted: boolean };
  /** Stop listening (call when the run is over). */
  dispose(): void;
}

/** `onStop` (optional) runs on the first press, for runs that must stop more than a training loop. */
export function onInterrupt(say: (line: string) => void, onStop?: () => void, message?: string): Interrupt {
  const state = { aborted: false };
  const handler = (): void => {
    if (state.aborted) {
      say('linclass: interrupted again, quitting now');
      process.exit(130);
    }
    state.aborted = true;
    say(message ?? 'linclass: stopping after the current step and writing what was trained so far (Ctrl-C again to quit now)');
    onStop?.();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: state,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
