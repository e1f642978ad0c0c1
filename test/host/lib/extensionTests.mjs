// Runs the bundled mocha suites inside the real extension host of a VS Code server, through the workbench's
// smoke-test driver: the page opens with a payload naming the extension under development and the tests
// module; the workbench calls window.codeAutomationExit(code) when the tests are done.
import { existsSync, readFileSync } from 'node:fs';

export async function runExtensionTests({ browser, server, workspace, extensionDevelopmentPath, extensionTestsPath, report, timeoutMs = 300_000 }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
    ['extensionTestsPath', remote(extensionTestsPath)],
  ];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  let timer;
  const exitCode = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  const t0 = Date.now();
  await page.goto(`${server.url}/?folder=${encodeURI(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const code = await exitCode;
  clearTimeout(timer);
  const seconds = (Date.now() - t0) / 1000;
  await context.close().catch(() => undefined);
  const text = existsSync(report) ? readFileSync(report, 'utf8') : '';
  const m = /^(\d+) passed, (\d+) failed/m.exec(text);
  return {
    code,
    seconds,
    text,
    passed: m ? Number(m[1]) : 0,
    failed: m ? Number(m[2]) : 0,
    complete: Boolean(m) && code !== undefined,
    pageErrors,
  };
}
