import { notSupportedYet } from '../notSupported';
import type { KindValidator } from '../kindInput';

/** Placeholder until the oci-hooks validator lands. */
export const validateOciHooks: KindValidator = (input) => notSupportedYet('oci-hooks', input.text);
