import { test as base, expect, type APIRequestContext, type Browser, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ADMIN = 'admin'
export const password = () => process.env.KARTOTEKA_TEST_PASSWORD!
// `make screenshots` (KARTOTEKA_SCREENSHOTS=1) refreshes the committed docs/screenshots/; an ordinary test
// run still takes them, but into test-results/, so `make test` leaves the work tree clean.
const HERE = dirname(fileURLToPath(import.meta.url))
export const SCREENSHOT_DIR =
  process.env.KARTOTEKA_SCREENSHOTS === '1'
    ? resolve(HERE, '..', '..', 'docs', 'screenshots')
    : resolve(HERE, '..', 'test-results', 'screenshots')

/** Logs the browser context in through the API (the cookie lands in the context's jar). */
export async function signIn(request: APIRequestContext): Promise<string> {
  const response = await request.post('/api/v1/auth/login', { data: { username: ADMIN, password: password() } })
  expect(response.status(), await response.text()).toBe(200)
  return (await response.json()).csrf_token as string
}

/** A small API client for arranging test data; the UI under test is exercised through the page. */
export class Api {
  constructor(
    private readonly request: APIRequestContext,
    private readonly csrf: string,
  ) {}

  static async forPage(page: Page): Promise<Api> {
    return new Api(page.request, await signIn(page.request))
  }

  async createCustomer(body: Record<string, unknown>) {
    const response = await this.request.post('/api/v1/customers', {
      data: body,
      headers: { 'X-CSRF-Token': this.csrf },
    })
    expect(response.status(), await response.text()).toBe(201)
    return response.json()
  }

  async customer(id: number) {
    const response = await this.request.get(`/api/v1/customers/${id}`)
    expect(response.status()).toBe(200)
    return response.json()
  }

  /** A colleague's save: a merge patch against `version`. */
  async updateCustomer(id: number, version: number, patch: Record<string, unknown>) {
    const response = await this.request.patch(`/api/v1/customers/${id}`, {
      data: patch,
      headers: { 'X-CSRF-Token': this.csrf, 'If-Match': `"${version}"` },
    })
    expect(response.status(), await response.text()).toBe(200)
    return response.json()
  }

  async searchCount(q: string): Promise<number> {
    const response = await this.request.get(`/api/v1/customers?limit=100&q=${encodeURIComponent(q)}`)
    expect(response.status()).toBe(200)
    return ((await response.json()).items as unknown[]).length
  }
}

export async function newSignedInPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.KARTOTEKA_BASE_URL })
  const page = await context.newPage()
  await signIn(page.request)
  return page
}

export async function saveScreenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false })
}

/** A valid IČO (mod-11 check digit) built from a 7-digit body, unique enough per test run. */
export function validIco(body: number): string {
  const digits = String(body % 10_000_000)
    .padStart(7, '0')
    .split('')
    .map(Number)
  const sum = digits.reduce((total, digit, index) => total + digit * (8 - index), 0)
  const check = (11 - (sum % 11)) % 10
  return digits.join('') + String(check)
}

export const unique = () => Math.random().toString(36).slice(2, 7)

export const test = base.extend<{ signedIn: Page }>({
  baseURL: async ({}, use) => {
    await use(process.env.KARTOTEKA_BASE_URL)
  },
  signedIn: async ({ page }, use) => {
    await signIn(page.request)
    await use(page)
  },
})

export { expect }
