import type { StackCheck } from './context';
import { LOADER_CHECKS } from './loader/loaderChecks';
import { checkLoaderKeys } from './loaderKeys';
import { READINESS_CHECKS } from './readiness';
import { DEPLOY_RULE_CHECKS } from './rules';
import { checkStackSchema } from './schemaCheck';

/** Every stack-mode check, in the order docker meets the problems, then readiness advice. */
export const STACK_CHECKS: StackCheck[] = [checkLoaderKeys, ...LOADER_CHECKS, checkStackSchema, ...DEPLOY_RULE_CHECKS, ...READINESS_CHECKS];
