// UI scenarios for deploying a stack from the command palette; same shape as ./scenarios.mjs.
export const deployScenarios = [];
