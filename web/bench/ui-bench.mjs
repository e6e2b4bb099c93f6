#!/usr/bin/env node
// UI benchmark for issue 3: with a large store (1,000,000 demo customers), measure in the browser
// with the Performance API
//   1. navigation -> the customer list's first rows rendered (cold and warm page loads), and
//   2. a keystroke in the search box -> the list updated (total, and the part after the debounce).
// Prints one JSON object on stdout.
//
// Either point it at a running server:
//   KARTOTEKA_BENCH_URL=http://127.0.0.1:8080 KARTOTEKA_BENCH_PASSWORD=... node bench/ui-bench.mjs
// or let it start the binary on a data directory (filled with `demo-data` first when missing):
//   KARTOTEKA_BINARY=../build/kartoteka KARTOTEKA_BENCH_DATA=/tmp/kt-1m KARTOTEKA_BENCH_PASSWORD=secret \
//   KARTOTEKA_BENCH_CUSTOMERS=1000000 node bench/ui-bench.mjs
// KARTOTEKA_BENCH_USER defaults to admin. The password is also used as the admin password when the
// script creates the store. Debian's Chromium is used (KARTOTEKA_CHROMIUM overrides the path).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const env = process.env
const user = env.KARTOTEKA_BENCH_USER ?? 'admin'
const password = env.KARTOTEKA_BENCH_PASSWORD
const runs = Number(env.KARTOTEKA_BENCH_RUNS ?? 7)
if (!password) {
  console.error('Set KARTOTEKA_BENCH_PASSWORD (the password of KARTOTEKA_BENCH_USER, default admin).')
  process.exit(2)
}

function startServer() {
  const binary = resolve(webDir, env.KARTOTEKA_BINARY ?? '../build/kartoteka')
  const dataDir = resolve(env.KARTOTEKA_BENCH_DATA ?? '')
  if (!env.KARTOTEKA_BENCH_DATA) throw new Error('Set KARTOTEKA_BENCH_URL, or KARTOTEKA_BENCH_DATA to start a server')
  const childEnv = { ...env, KARTOTEKA_ADMIN_PASSWORD: password }
  if (!existsSync(dataDir)) {
    const count = env.KARTOTEKA_BENCH_CUSTOMERS ?? '1000000'
    console.error(`filling ${dataDir} with ${count} demo customers…`)
    const demo = spawnSync(binary, ['demo-data', count, '--data', dataDir], { env: childEnv, stdio: 'inherit' })
    if (demo.status !== 0) throw new Error('demo-data failed')
  }
  return new Promise((resolveStart, rejectStart) => {
    const child = spawn(binary, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--web', join(webDir, 'dist')], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
      const match = /kartoteka listening on (http:\/\/[\d.]+:\d+)/.exec(output)
      if (match) resolveStart({ url: match[1], stop: () => child.kill('SIGTERM') })
    })
    child.on('exit', (code) => rejectStart(new Error(`server exited (${code}): ${output}`)))
  })
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const round = (value) => Math.round(value * 10) / 10
const summary = (values) => ({
  runs: values.map(round),
  median_ms: round(median(values)),
  max_ms: round(Math.max(...values)),
})

// Installed before any page script runs: records when the first data row enters the DOM, and
// times each search keystroke until the table reports it is no longer busy with the new rows.
function instrument() {
  const bench = (window.__bench = { firstRowsAt: null, firstRowsPaintedAt: null, searches: [] })
  const observer = new MutationObserver(() => {
    if (bench.firstRowsAt === null && document.querySelector('[role="row"][data-index]')) {
      bench.firstRowsAt = performance.now()
      requestAnimationFrame((paint) => (bench.firstRowsPaintedAt = paint))
    }
    const table = document.querySelector('[role="table"]')
    const pending = bench.searches.find((search) => search.updatedAt === null)
    if (pending && table) {
      const busy = table.getAttribute('aria-busy') === 'true'
      if (busy) pending.sawBusy = true
      else if (pending.sawBusy) {
        pending.updatedAt = performance.now()
        requestAnimationFrame((paint) => (pending.paintedAt = paint))
      }
    }
  })
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'] })
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.target instanceof HTMLInputElement && event.target.id === 'customer-search' && event.key.length === 1)
        bench.searches.push({ keyAt: event.timeStamp, sawBusy: false, updatedAt: null, paintedAt: null })
    },
    true,
  )
}

async function main() {
  const server = env.KARTOTEKA_BENCH_URL ? { url: env.KARTOTEKA_BENCH_URL, stop: () => {} } : await startServer()
  const browser = await chromium.launch({
    executablePath: env.KARTOTEKA_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-quic'],
  })
  try {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 860 } })
    const login = await context.request.post('/api/v1/auth/login', { data: { username: user, password } })
    if (login.status() !== 200) throw new Error(`login failed: ${login.status()} ${await login.text()}`)
    await context.addInitScript(instrument)
    const page = await context.newPage()

    // 1. Navigation -> first rows. The first load is cold (no HTTP cache); the rest are warm reloads.
    const firstRows = []
    const firstRowsPainted = []
    const apiFirstPage = []
    let cold = null
    for (let run = 0; run < runs; run++) {
      await page.goto('/customers', { waitUntil: 'commit' })
      await page.waitForFunction(() => window.__bench?.firstRowsPaintedAt !== null, null, { timeout: 30_000 })
      const timing = await page.evaluate(() => {
        const api = performance
          .getEntriesByType('resource')
          .find((entry) => entry.name.includes('/api/v1/customers?'))
        return {
          rows: window.__bench.firstRowsAt,
          painted: window.__bench.firstRowsPaintedAt,
          api: api ? api.responseEnd - api.requestStart : null,
          domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
        }
      })
      if (run === 0) cold = timing
      else {
        firstRows.push(timing.rows)
        firstRowsPainted.push(timing.painted)
        if (timing.api !== null) apiFirstPage.push(timing.api)
      }
    }

    // 2. Keystroke -> list updated. Each measurement types one more letter of a real name prefix.
    const terms = ['nov', 'dvo', 'svo', 'kra', 'pro', 'sta', 'mal', 'hor', 'ces']
    const total = []
    const painted = []
    const afterDebounce = []
    const apiSearch = []
    for (const term of terms.slice(0, Math.max(3, runs))) {
      const search = page.locator('#customer-search')
      const prefix = term.slice(0, -1)
      // Settle the prefix's own query first, so the measured request never queues behind it.
      const prefixAnswered = page.waitForResponse(
        (response) =>
          response.url().includes('/api/v1/customers?') && new URL(response.url()).searchParams.get('q') === prefix,
      )
      await search.fill(prefix)
      await prefixAnswered
      await page.waitForFunction(() => document.querySelector('[role="table"]')?.getAttribute('aria-busy') === 'false')
      await page.waitForTimeout(250)
      await page.evaluate(() => performance.clearResourceTimings())
      const before = await page.evaluate(() => window.__bench.searches.length)
      await search.press(term.at(-1))
      await page.waitForFunction((index) => window.__bench.searches[index]?.paintedAt != null, before, { timeout: 30_000 })
      const result = await page.evaluate((index) => {
        const measured = window.__bench.searches[index]
        const api = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/v1/customers?')).at(-1)
        return { ...measured, requestStart: api?.startTime ?? null, apiMs: api ? api.responseEnd - api.requestStart : null }
      }, before)
      total.push(result.updatedAt - result.keyAt)
      painted.push(result.paintedAt - result.keyAt)
      if (result.requestStart !== null) afterDebounce.push(result.paintedAt - result.requestStart)
      if (result.apiMs !== null) apiSearch.push(result.apiMs)
    }

    const customersOnServer = await context.request.get('/api/v1/customers?limit=1')
    console.log(
      JSON.stringify(
        {
          url: server.url,
          user,
          measured_at: new Date().toISOString(),
          store_has_customers: customersOnServer.ok(),
          navigation_to_first_rows: {
            cold_ms: round(cold.painted),
            cold_dom_content_loaded_ms: cold.domContentLoaded && round(cold.domContentLoaded),
            warm_rows_in_dom: summary(firstRows),
            warm_rows_painted: summary(firstRowsPainted),
            api_first_page: apiFirstPage.length ? summary(apiFirstPage) : null,
            target_ms: 300,
          },
          keystroke_to_list_updated: {
            debounce_ms: 200,
            total_rows_in_dom: summary(total),
            total_painted: summary(painted),
            request_start_to_painted: afterDebounce.length ? summary(afterDebounce) : null,
            api_search: apiSearch.length ? summary(apiSearch) : null,
            target_ms: 150,
          },
        },
        null,
        2,
      ),
    )
  } finally {
    await browser.close()
    server.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
