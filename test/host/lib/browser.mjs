// Debian's Chromium driven by playwright-core (both installed by install-host-tooling.sh).
import { createRequire } from 'node:module';
import { CHROMIUM, PLAYWRIGHT } from './paths.mjs';

const require = createRequire(import.meta.url);

export async function launchBrowser(sandbox) {
  const { chromium } = require(PLAYWRIGHT);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate,MediaRouter',
    ],
    env: sandbox.env(),
    headless: true,
  });
}
