import AxeBuilder from '@axe-core/playwright'
import type { APIRequestContext, Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, signIn, test } from './fixtures'

// The wizard against the real server: tests/data/import/customers_wizard_cs_lo.xlsx is the LibreOffice 7.4 copy of
// the wizard file; README.md there lists its expected outcome (11 rows: 6 created, rows 5, 6, 8, 9 and 11 rejected).
const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'data', 'import')
const WIZARD_FILE = resolve(DATA, 'customers_wizard_cs_lo.xlsx')
const NOT_A_SPREADSHEET = resolve(DATA, 'not_a_spreadsheet.html')

async function expectNoSeriousViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
  expect(report, `axe on ${screen}`).toEqual([])
}

const count = (page: Page, key: string) => page.locator(`[data-count="${key}"] dd`)

/** Upload → sheet → header row → mapping → preview, as a user clicks through it. */
async function walkToPreview(page: Page) {
  await page.goto('/import')
  await page.getByLabel('Soubor k importu (XLSX, XLS, ODS nebo CSV)').setInputFiles(WIZARD_FILE)
  await expect(page.getByRole('heading', { name: 'Krok 2: List' })).toBeVisible()
  await expect(page.getByRole('radio', { name: 'Zákazníci' })).toBeChecked()
  await page.getByRole('button', { name: 'Pokračovat' }).click()
  await expect(page.getByRole('heading', { name: 'Krok 3: Řádek záhlaví' })).toBeVisible()
  await page.getByRole('button', { name: 'Pokračovat' }).click()
  await expect(page.getByRole('heading', { name: 'Krok 4: Přiřazení sloupců' })).toBeVisible()
  await page.getByRole('button', { name: 'Zobrazit náhled' }).click()
  await expect(page.getByRole('heading', { name: 'Krok 5: Náhled' })).toBeVisible()
  await expect(page.getByTestId('preview-row-4')).toBeVisible()
}

async function waitFinished(request: APIRequestContext, id: number) {
  await expect
    .poll(async () => (await (await request.get(`/api/v1/imports/${id}`)).json()).status, { timeout: 30_000 })
    .toBe('succeeded')
}

test('the wizard imports the valid rows of a LibreOffice xlsx, reports the rejected ones and reverts', async ({ signedIn: page }) => {
  // Five axe runs on a loaded CI machine take most of this.
  test.setTimeout(180_000)
  await page.goto('/customers')
  await page.getByRole('navigation', { name: 'Hlavní navigace' }).getByRole('link', { name: 'Import' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Import zákazníků' })).toBeVisible()
  await expectNoSeriousViolations(page, 'import upload')

  // A wrong file: the server's reason is shown and the wizard stays at the upload.
  await page.getByLabel('Soubor k importu (XLSX, XLS, ODS nebo CSV)').setInputFiles(NOT_A_SPREADSHEET)
  const refusal = page.getByTestId('import-upload-error')
  await expect(refusal).toContainText('nelze importovat')
  await expect(refusal).toContainText(/Accepted formats|xlsx/i)
  await expect(page.getByRole('heading', { name: 'Krok 1: Soubor' })).toBeVisible()

  await page.getByLabel('Soubor k importu (XLSX, XLS, ODS nebo CSV)').setInputFiles(WIZARD_FILE)
  await expect(page.getByRole('heading', { name: 'Krok 2: List' })).toBeVisible()
  await expect(page.getByRole('radio', { name: 'Zákazníci' })).toBeChecked()
  await expect(page.getByRole('radio', { name: 'Poznámky' })).toBeVisible()
  await page.getByRole('button', { name: 'Pokračovat' }).click()

  // The title row and the empty row above are skipped: the header is found in row 3.
  await expect(page.getByRole('heading', { name: 'Krok 3: Řádek záhlaví' })).toBeVisible()
  await expect(page.getByTestId('header-row-3')).toHaveClass(/import-suggested/)
  await expect(page.getByRole('radio', { name: 'Záhlaví je na řádku 3' })).toBeChecked()
  await page.getByRole('button', { name: 'Pokračovat' }).click()

  // Suggested from the Czech headers; "Mobil" stays unmapped because "Telefon" took the phone.
  await expect(page.getByRole('heading', { name: 'Krok 4: Přiřazení sloupců' })).toBeVisible()
  await expect(page.getByLabel('Údaj zákazníka pro Název firmy')).toHaveValue('name')
  await expect(page.getByLabel('Údaj zákazníka pro IČ', { exact: true })).toHaveValue('ico')
  await expect(page.getByLabel('Údaj zákazníka pro Telefon')).toHaveValue('phone')
  await expect(page.getByLabel('Údaj zákazníka pro Mobil')).toHaveValue('')
  await expect(page.getByLabel('Údaj zákazníka pro Kontaktní osoba')).toHaveValue('contact_name')
  await expectNoSeriousViolations(page, 'import mapping')
  await page.getByRole('button', { name: 'Zobrazit náhled' }).click()

  // Rows as they will be stored: row 4's IČO 6947 comes back as 00006947 with a warning, row 5 is an error.
  await expect(page.getByRole('heading', { name: 'Krok 5: Náhled' })).toBeVisible()
  const row4 = page.getByTestId('preview-row-4')
  await expect(row4).toContainText('00006947')
  await expect(row4.locator('.import-issue-warning[data-code="ico.leading_zeros_restored"]')).toBeVisible()
  const row5 = page.getByTestId('preview-row-5')
  await expect(row5.locator('.import-issue-error[data-code="ico.check_digit"]')).toBeVisible()
  await expect(row5).toContainText('odmítne se')
  // A duplicate within the file is shown beside the earlier row it matches.
  await expect(page.getByTestId('preview-row-8').locator('.import-match')).toContainText('řádek 7')
  await expectNoSeriousViolations(page, 'import preview')

  await page.getByRole('button', { name: 'Pokračovat' }).click()
  await expect(page.getByRole('heading', { name: 'Krok 6: Možnosti' })).toBeVisible()
  await page.getByRole('radio', { name: /Jen vytvořit/ }).check()
  await page.getByRole('radio', { name: /Importovat platné řádky/ }).check()
  await page.getByRole('button', { name: 'Spustit import' }).click()

  const progress = page.getByRole('progressbar', { name: 'Průběh importu' })
  await expect(progress).toBeVisible()
  await expect(progress).toHaveAttribute('aria-valuenow', '100', { timeout: 30_000 })
  await expect(page.getByText('Import je dokončen.')).toBeVisible()
  await expect(count(page, 'rowsTotal')).toHaveText('11')
  await expect(count(page, 'created')).toHaveText('6')
  await expect(count(page, 'rejected')).toHaveText('5')
  await expect(count(page, 'duplicates')).toHaveText('3')
  await expectNoSeriousViolations(page, 'import outcome')

  // The error report names each rejected row by its number in the file.
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Stáhnout chyby (CSV)' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^import-\d+-chyby\.csv$/)
  const report = readFileSync((await download.path())!, 'utf8')
  expect(report).toContain('Řádek')
  const reportRows = report.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean)
  expect(reportRows.map((line) => line.split(';')[0].replace(/"/g, ''))).toEqual(['Řádek', '5', '6', '8', '9', '11'])
  const xlsxHref = await page.getByRole('link', { name: 'Stáhnout chyby (XLSX)' }).getAttribute('href')
  const xlsx = await page.request.get(xlsxHref!)
  expect(xlsx.status()).toBe(200)
  expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK')

  // The imported customer is in the list, and its Historie names the import with a link to it.
  await page.getByRole('link', { name: 'Přejít na seznam zákazníků' }).click()
  await page.getByLabel('Hledat').fill('Alfa Stavby')
  const customerRow = page.getByRole('row', { name: /Alfa Stavby s\.r\.o\./ })
  await expect(customerRow).toBeVisible()
  await customerRow.press('Enter')
  await page.getByRole('tab', { name: 'Historie' }).click()
  const importLink = page.getByTestId('history-entry').getByRole('link', { name: /^Import č\. \d+$/ }).first()
  await expect(importLink).toBeVisible()
  await importLink.click()

  // Reverting from the import's page moves what it created to the trash.
  await expect(page.getByRole('heading', { level: 1, name: /^Import č\. \d+$/ })).toBeVisible()
  await page.getByRole('button', { name: 'Vrátit import' }).click()
  await page.getByRole('button', { name: 'Ano, vrátit import' }).click()
  await expect(page.getByText(/Import je vrácen: do koše přesunuto 6 zákazníků/)).toBeVisible()
  await page.getByRole('link', { name: 'Otevřít koš' }).click()
  await expect(page.getByRole('row', { name: /Alfa Stavby s\.r\.o\./ })).toBeVisible()

  // The history page lists it as reverted.
  await page.goto('/importy')
  await expect(page.getByRole('heading', { level: 1, name: 'Historie importů' })).toBeVisible()
  await expect(page.locator('.import-history-table tbody tr').first()).toContainText('vrácen')
  await expectNoSeriousViolations(page, 'import history')
})

test('re-importing the same file in mode skip shows each duplicate beside the stored customer it matches', async ({ signedIn: page }) => {
  test.setTimeout(90_000)
  // Arranged through the API: the file imported once, so that its customers are stored.
  const csrf = await signIn(page.request)
  const headers = { 'X-CSRF-Token': csrf }
  const uploaded = await page.request.post('/api/v1/imports', {
    headers,
    multipart: { file: { name: 'customers_wizard_cs_lo.xlsx', mimeType: 'application/octet-stream', buffer: readFileSync(WIZARD_FILE) } },
  })
  expect(uploaded.status(), await uploaded.text()).toBe(201)
  const draft = await uploaded.json()
  const started = await page.request.post(`/api/v1/imports/${draft.id}/run`, {
    headers,
    data: {
      sheet: draft.overview.sheet,
      header_row: draft.overview.header_row,
      mapping: draft.overview.suggested_mapping,
      mode: 'create',
      field_policy: 'fill_empty',
      atomicity: 'valid_rows',
      duplicate_actions: {},
    },
  })
  expect(started.status(), await started.text()).toBe(202)
  await waitFinished(page.request, draft.id)
  const search = await page.request.get(`/api/v1/customers?q=${encodeURIComponent('Alfa Stavby')}&limit=10`)
  const alfa = ((await search.json()).items as { id: number; name: string }[]).find((item) => item.name === 'Alfa Stavby s.r.o.')
  expect(alfa).toBeTruthy()

  await walkToPreview(page)
  // Row 4 matches the stored Alfa Stavby by IČO: the match links to its card.
  const match = page.getByTestId('preview-row-4').locator('.import-match')
  await expect(match).toContainText('stejné IČO')
  await expect(match.getByRole('link', { name: 'Alfa Stavby s.r.o.' })).toHaveAttribute('href', `/customers/${alfa!.id}`)
  await expect(page.getByTestId('preview-row-10').locator('.import-match')).toContainText('stejný e-mail')

  // "For all matches: skip" applies to every matched row.
  await page.getByLabel('Pro všechny shody').selectOption('skip')
  await page.getByRole('button', { name: 'Použít pro všechny shody' }).click()
  await page.getByRole('button', { name: 'Pokračovat' }).click()
  await page.getByRole('radio', { name: /Přeskočit shodné/ }).check()
  await page.getByRole('button', { name: 'Spustit import' }).click()
  await expect(page.getByRole('progressbar', { name: 'Průběh importu' })).toHaveAttribute('aria-valuenow', '100', { timeout: 30_000 })
  await expect(count(page, 'created')).toHaveText('0')
  await expect(count(page, 'skipped')).toHaveText('9')
  await expect(count(page, 'rejected')).toHaveText('2')

  // Leave the store as found: the first import's customers go to the trash.
  const reverted = await page.request.post(`/api/v1/imports/${draft.id}/revert`, { headers })
  expect(reverted.status(), await reverted.text()).toBe(200)
})
