import type { StackCheck } from './context';
import { checkLoaderKeys } from './loaderKeys';
import { checkStackSchema } from './schemaCheck';

/** Every stack-mode check, in the order docker meets the problems. */
export const STACK_CHECKS: StackCheck[] = [checkLoaderKeys, checkStackSchema];
