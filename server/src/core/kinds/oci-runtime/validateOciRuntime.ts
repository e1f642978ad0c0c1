import { notSupportedYet } from '../notSupported';
import type { KindValidator } from '../kindInput';

/** Placeholder until the oci-runtime validator lands. */
export const validateOciRuntime: KindValidator = (input) => notSupportedYet('oci-runtime', input.text);
