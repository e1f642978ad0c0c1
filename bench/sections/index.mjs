// The bench sections, run in this order by bench/run.mjs. To add one (e.g. daemon/OCI validation times,
// explorer refresh time), write bench/sections/NAME.mjs exporting default
//   { id, title, async run(ctx) -> { data, markdown: string[], targets: Target[], readme?: false } }
// and list it here. ctx (see run.mjs): repo, bench, harness, peersDir, peersReady, fixtures, corpus, raw
// (scratch dir for this run), serverCmd, cliJs, opts {quick, sizes, runs, msCompose, ...}, results (the
// data of the sections that ran before). Target: { id, what, target, actual, unit, met: true|false|null }.
// `readme: false` keeps a section out of latest.md (it still prints and lands in the JSON).
import lsp from './lsp.mjs';
import coldOpen from './cold-open.mjs';
import cli from './cli.mjs';
import profile from './profile.mjs';
import swarm from './swarm.mjs';
import activation from './activation.mjs';
import live from './live.mjs';
import deploy from './deploy.mjs';
import fleet from './fleet.mjs';

// swarm and fleet last: their containers leave the machine loaded for a while after they end.
export default [lsp, coldOpen, cli, activation, profile, live, deploy, swarm, fleet];
