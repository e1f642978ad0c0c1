import { validateText, type CoreSettings } from '../core';

/** A small stack touching the common keys, so their schema and rule code is compiled before the first real file. */
export const WARM_UP_STACK = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    networks: [front]
    environment: {A: "1"}
    healthcheck: {test: ["CMD", "true"], interval: 10s, start_period: 5s}
    logging: {driver: json-file, options: {max-size: 10m}}
    deploy:
      replicas: 2
      update_config: {parallelism: 1, delay: 10s, failure_action: rollback}
      resources: {limits: {cpus: "0.5", memory: 128M}}
      placement: {constraints: [node.role == worker]}
networks:
  front: {}
`;

/**
 * Compiles the stack schema and warms the validator between `initialized` and the first didOpen (the client is
 * still reading files then): the first real validation no longer pays for it.
 */
export function warmUp(settings: CoreSettings): void {
  try {
    validateText({ text: WARM_UP_STACK, kind: 'stack', settings });
  } catch {
    // Only a head start: the real validation reports any problem.
  }
}
