import { notSupportedYet } from '../notSupported';
import type { KindValidator } from '../kindInput';

/** Placeholder until the daemon validator lands. */
export const validateDaemon: KindValidator = (input) => notSupportedYet('daemon', input.text);
