import values from '../../../../schemas/swarm-deploy-values.json';

/** The deploy-time value lists (schemas/swarm-deploy-values.json), with their upstream sources. */
export const SWARM = values;
