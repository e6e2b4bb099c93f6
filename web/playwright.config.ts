import { defineConfig } from '@playwright/test'

// The suite runs against the real kartoteka binary started by tests/global-setup.ts on an
// ephemeral port with a fresh store; Debian's Chromium is used because no browser can be
// downloaded in CI (never run `npx playwright install`).
export default defineConfig({
  testDir: './tests',
  globalSetup: './tests/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    locale: 'cs-CZ',
    timezoneId: 'Europe/Prague',
    launchOptions: {
      executablePath: process.env.KARTOTEKA_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-quic', '--disable-dev-shm-usage'],
    },
    trace: 'retain-on-failure',
  },
})
