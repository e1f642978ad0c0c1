// UI scenarios for the Swarm explorer (nodes, services) and node operations from its context menu; same shape as ./scenarios.mjs.
export const explorerScenarios = [];
