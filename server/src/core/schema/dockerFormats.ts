import { isGoDuration } from '../stackModel/goDuration';

/**
 * Formats that docker/cli registers on its gojsonschema validator (cli/compose/schema/schema.go, v27). A module of
 * its own: the validators generated at build time reference it (`require(…).DOCKER_FORMATS`) rather than inlining it.
 */
export const DOCKER_FORMATS = {
  duration: isGoDuration,
  // 27.x registers `ports` and `expose` checkers that accept everything.
  ports: () => true,
  expose: () => true,
};
