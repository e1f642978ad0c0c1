import { defineRule } from '../../../rules/registry';
import { nearest } from '../../../text/nearest';
import { asMap, entries, type StackCheck } from '../context';
import { SWARM } from './common';

export const ulimitRule = defineRule({
  code: 'stack-ulimit',
  kinds: ['stack'],
  severity: 'error',
  description: 'A ulimit the container cannot start with: unknown name ("wrong rlimit value: RLIMIT_…") or soft above hard (setrlimit EINVAL).',
  source: 'moby daemon/oci_linux.go withRlimits (v27.5.1); opencontainers/runc rlimit_linux.go, libcontainer/init_linux.go setupRlimits (v1.2.4)',
});

const NAMES = SWARM.ulimits.names;

/** The kernel compares rlimits as unsigned 64-bit: -1 (and any negative) is "unlimited", above everything. */
const asRlimit = (n: number): bigint => BigInt.asUintN(64, BigInt(n));

export const checkUlimits: StackCheck = (ctx) => {
  ctx.eachService('ulimits', (name, svc) => {
    for (const [limit, value] of entries(svc.ulimits)) {
      const path = ['services', name, 'ulimits', limit];
      // dockerd upper-cases the name into RLIMIT_<NAME>, so case does not matter.
      if (!NAMES.includes(limit.toLowerCase())) {
        const suggestion = nearest(limit, NAMES);
        ctx.report(
          ulimitRule,
          ctx.keyRange(path),
          `unknown ulimit "${limit}": tasks fail to start (runc: wrong rlimit value: RLIMIT_${limit.toUpperCase()}); known: ${NAMES.join(', ')}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
          {
            data: { name: limit, allowed: NAMES, ...(suggestion ? { suggestion } : {}) },
          },
        );
        continue;
      }
      const m = asMap(value);
      const soft = m?.soft;
      const hard = m?.hard;
      if (!Number.isInteger(soft) || !Number.isInteger(hard)) continue;
      if (asRlimit(soft as number) > asRlimit(hard as number)) {
        const shown = (n: number) => (n < 0 ? `${n} (unlimited)` : String(n));
        ctx.report(
          ulimitRule,
          ctx.valueRange([...path, 'soft']),
          `ulimit ${limit}: soft limit ${shown(soft as number)} is above hard limit ${shown(hard as number)}: tasks fail to start (setrlimit: invalid argument)`,
          {
            data: { name: limit, soft, hard },
          },
        );
      }
    }
  });
};
