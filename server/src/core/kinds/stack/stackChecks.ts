import type { StackCheck } from './context';
import { LOADER_CHECKS } from './loader/loaderChecks';
import { checkLoaderKeys } from './loaderKeys';
import { DEPLOY_RULE_CHECKS } from './rules';
import { checkStackSchema } from './schemaCheck';

/** Every stack-mode check, in the order docker meets the problems. */
export const STACK_CHECKS: StackCheck[] = [checkLoaderKeys, ...LOADER_CHECKS, checkStackSchema, ...DEPLOY_RULE_CHECKS];
