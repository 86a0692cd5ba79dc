// Finds Chromium for the browser tests: CHROMIUM_PATH, else Debian's /usr/bin/chromium; as root on
// Debian it installs the package with apt-get; otherwise it fails with one line saying what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(wanted)) {
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt || process.env.CHROMIUM_PATH) {
    process.stderr.write(
      `Browser tests need Chromium at ${wanted}: install Debian's "chromium" package (apt-get install chromium) or set CHROMIUM_PATH.\n`,
    );
    process.exit(1);
  }
  process.stdout.write('Chromium is missing: installing Debian\'s "chromium" package with apt-get …\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env,
  });
  if (update.status !== 0 || install.status !== 0 || !existsSync(wanted)) {
    process.stderr.write(
      'Installing chromium with apt-get failed: install it by hand (apt-get install chromium).\n',
    );
    process.exit(1);
  }
}
process.stdout.write(`Chromium: ${wanted}\n`);
