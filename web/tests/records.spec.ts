import AxeBuilder from '@axe-core/playwright'
import type { Download, Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { Api, expect, test, unique } from './fixtures'

const CONTRACT_NAME = 'Smlouva č. 12 – Žluťoučký kůň.pdf'

/** A small but valid one-page PDF (correct xref offsets), different per `text` so versions differ. */
function minimalPdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    (() => {
      const stream = `BT /F1 12 Tf 20 50 Td (${text}) Tj ET`
      return `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`
    })(),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((object, index) => {
    offsets.push(body.length)
    body += `${index + 1} 0 obj\n${object}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

async function downloadBytes(download: Download): Promise<Buffer> {
  const path = await download.path()
  expect(path).toBeTruthy()
  return readFileSync(path!)
}

async function expectNoSeriousViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
  expect(report, `axe on ${screen}`).toEqual([])
}

/** The document's own row (not its expanded versions row), found by its download link. */
function documentRow(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name: `Stáhnout ${name}`, exact: true }) })
}

async function uploadThroughPicker(page: Page, name: string, buffer: Buffer, mimeType = 'application/pdf') {
  await page.getByLabel('Nahrát soubory').setInputFiles({ name, mimeType, buffer })
}

test('a document is uploaded, downloaded byte for byte, and a second upload of the name becomes version 2', async ({ signedIn: page }) => {
  const api = await Api.forPage(page)
  const customer = await api.createCustomer({ kind: 'company', name: `Dokumenty ${unique()} s.r.o.` })
  const first = minimalPdf('verze jedna')
  const second = minimalPdf('verze dva, delsi text')

  await page.goto(`/customers/${customer.id}?tab=documents`)
  await expect(page.getByRole('tab', { name: 'Dokumenty' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByText('Zatím tu nejsou žádné dokumenty.')).toBeVisible()

  await uploadThroughPicker(page, CONTRACT_NAME, first)
  await expect(page.getByRole('status').filter({ hasText: `Dokument „${CONTRACT_NAME}“ byl nahrán.` })).toBeVisible()
  const row = documentRow(page, CONTRACT_NAME)
  await expect(row).toBeVisible()
  await expect(row.getByRole('cell').nth(0)).toHaveText('PDF')
  await expect(row.getByRole('cell').nth(2)).toHaveText('1')

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: `Stáhnout ${CONTRACT_NAME}` }).click(),
  ])
  expect(download.suggestedFilename()).toBe(CONTRACT_NAME)
  expect((await downloadBytes(download)).equals(first)).toBe(true)

  // The same name again: the server answers 409 and the UI offers the new-version path.
  await uploadThroughPicker(page, CONTRACT_NAME, second)
  const question = page.getByRole('alert').filter({ hasText: 'už u tohoto zákazníka je' })
  await expect(question).toBeVisible()
  await question.getByRole('button', { name: 'Nahrát jako novou verzi' }).click()
  await expect(page.getByRole('status').filter({ hasText: `Nová verze dokumentu „${CONTRACT_NAME}“ byla nahrána.` })).toBeVisible()
  await expect(row.getByRole('cell').nth(2)).toHaveText('2')
  expect(await documentRow(page, CONTRACT_NAME).count()).toBe(1)

  await row.getByRole('button', { name: `Verze (2): ${CONTRACT_NAME}` }).click()
  const versions = page.getByRole('list', { name: `Verze dokumentu ${CONTRACT_NAME}` })
  await expect(versions.getByRole('listitem')).toHaveCount(2)
  const [latest] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Stáhnout verzi 2 dokumentu ${CONTRACT_NAME}` }).click()])
  expect((await downloadBytes(latest)).equals(second)).toBe(true)
  const [older] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Stáhnout verzi 1 dokumentu ${CONTRACT_NAME}` }).click()])
  expect(older.suggestedFilename()).toBe(CONTRACT_NAME)
  expect((await downloadBytes(older)).equals(first)).toBe(true)

  // The preview embeds the inline variant of the same bytes.
  await row.getByRole('button', { name: `Náhled dokumentu ${CONTRACT_NAME}` }).click()
  const frame = page.locator('iframe.document-preview-frame')
  await expect(frame).toHaveAttribute('src', /disposition=inline/)
  const inline = await page.request.get((await frame.getAttribute('src'))!)
  expect(inline.status()).toBe(200)
  expect(inline.headers()['content-type']).toContain('application/pdf')
  expect(inline.headers()['content-disposition']).toMatch(/^inline/)
  expect((await inline.body()).equals(second)).toBe(true)
  await page.getByRole('button', { name: 'Zavřít náhled' }).click()
  await expect(frame).toHaveCount(0)

  // To the trash and back.
  await row.getByRole('button', { name: `Přesunout ${CONTRACT_NAME} do koše` }).click()
  await expect(page.getByRole('status').filter({ hasText: `Dokument „${CONTRACT_NAME}“ byl přesunut do koše.` })).toBeVisible()
  await expect(documentRow(page, CONTRACT_NAME)).toHaveCount(0)
  await page.getByRole('button', { name: 'Vrátit zpět' }).click()
  await expect(documentRow(page, CONTRACT_NAME)).toBeVisible()
  await expect(documentRow(page, CONTRACT_NAME).getByRole('cell').nth(2)).toHaveText('2')
})

test('drag and drop uploads a file; an empty file gets a clear message', async ({ signedIn: page }) => {
  const api = await Api.forPage(page)
  const customer = await api.createCustomer({ kind: 'company', name: `Přetahování ${unique()} a.s.` })
  await page.goto(`/customers/${customer.id}?tab=documents`)
  await expect(page.getByText('Zatím tu nejsou žádné dokumenty.')).toBeVisible()

  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer()
    transfer.items.add(new File(['Poznámky z jednání\n'], 'poznámky.txt', { type: 'text/plain' }))
    return transfer
  })
  const zone = page.getByTestId('document-drop-zone')
  await zone.dispatchEvent('dragenter', { dataTransfer })
  await expect(zone).toContainText('Pusťte soubory sem')
  await zone.dispatchEvent('drop', { dataTransfer })
  await expect(page.getByRole('row', { name: /poznámky\.txt/ })).toBeVisible()

  await uploadThroughPicker(page, 'prázdný.pdf', Buffer.alloc(0))
  await expect(page.getByRole('alert')).toContainText('Soubor „prázdný.pdf“ je prázdný')
  await expect(page.getByRole('row', { name: /prázdný\.pdf/ })).toHaveCount(0)
})

test('Historie shows the upload and a field edit; restoring an old e-mail shows in Přehled and in Historie', async ({ signedIn: page }) => {
  const api = await Api.forPage(page)
  const name = `Historie ${unique()} s.r.o.`
  const customer = await api.createCustomer({ kind: 'company', name, email: 'puvodni@example.cz', tags: ['velkoobchod'] })

  // A field edit through the card.
  await page.goto(`/customers/${customer.id}`)
  await page.getByLabel('E-mail').first().fill('nova@example.cz')
  await page.getByLabel('Štítky').fill('velkoobchod, Morava')
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Změny byly uloženy.' })).toBeVisible()

  // A document.
  await page.getByRole('tab', { name: 'Dokumenty' }).click()
  await uploadThroughPicker(page, CONTRACT_NAME, minimalPdf('historie'))
  await expect(documentRow(page, CONTRACT_NAME)).toBeVisible()

  await page.getByRole('tab', { name: 'Historie' }).click()
  const entries = page.getByTestId('history-entry')
  const upload = entries.filter({ hasText: CONTRACT_NAME }).first()
  await expect(upload).toContainText('Dokument')
  await expect(upload).toContainText('přes web')
  const edit = entries.filter({ hasText: 'nova@example.cz' }).first()
  await expect(edit).toContainText('Úprava')
  const emailRow = edit.getByRole('row', { name: /E-mail/ })
  await expect(emailRow.getByRole('cell').nth(0)).toHaveText('puvodni@example.cz')
  await expect(emailRow.getByRole('cell').nth(1)).toHaveText('nova@example.cz')
  // Tags read as a list, not as JSON.
  const tagsRow = edit.getByRole('row', { name: /Štítky/ })
  await expect(tagsRow.getByRole('cell').nth(1).getByRole('listitem')).toHaveText(['velkoobchod', 'Morava'])
  await expect(tagsRow).not.toContainText('[')
  // Newest first: the upload came after the edit.
  const texts = await entries.allInnerTexts()
  expect(texts.findIndex((text) => text.includes(CONTRACT_NAME))).toBeLessThan(texts.findIndex((text) => text.includes('nova@example.cz')))

  await emailRow.getByRole('button', { name: /Vrátit tuto hodnotu: E-mail/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'E-mail má zase dřívější hodnotu' })).toBeVisible()
  const restored = entries.filter({ hasText: 'Vrácení dřívější hodnoty' }).first()
  await expect(restored).toBeVisible()
  await expect(restored).toContainText('Vráceno podle změny')
  await expect(restored.getByRole('row', { name: /E-mail/ }).getByRole('cell').nth(1)).toHaveText('puvodni@example.cz')

  expect((await api.customer(customer.id)).email).toBe('puvodni@example.cz')
  await page.getByRole('tab', { name: 'Přehled' }).click()
  await expect(page.getByLabel('E-mail').first()).toHaveValue('puvodni@example.cz')
  await expect(page.getByLabel('Štítky')).toHaveValue('velkoobchod, Morava')

  // The filter by kind.
  await page.getByRole('tab', { name: 'Historie' }).click()
  await page.getByLabel('Zobrazit').selectOption({ label: 'Dokumenty' })
  await expect(entries.first()).toContainText(CONTRACT_NAME)
  for (const text of await entries.allInnerTexts()) expect(text).toContain('Dokument')
})

test('contact persons show as cards with mailto, tel and a vCard download; the note is editable', async ({ signedIn: page }) => {
  const api = await Api.forPage(page)
  const customer = await api.createCustomer({
    kind: 'company',
    name: `Vizitky ${unique()} s.r.o.`,
    contacts: [{ name: 'Marie Horáková', role: 'jednatelka', email: 'marie@example.cz', phone: '+420 602 987 654' }],
  })
  await page.goto(`/customers/${customer.id}`)
  const card = page.getByTestId('contact-card').filter({ hasText: 'Marie Horáková' })
  await expect(card).toContainText('jednatelka')
  await expect(card.getByRole('link', { name: 'marie@example.cz' })).toHaveAttribute('href', 'mailto:marie@example.cz')
  await expect(card.getByRole('link', { name: /602\s?987\s?654/ })).toHaveAttribute('href', 'tel:+420602987654')

  await page.locator('#contact-0-note').fill('Volat po 10. hodině.')
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Změny byly uloženy.' })).toBeVisible()
  await expect(card).toContainText('Volat po 10. hodině.')
  expect((await api.customer(customer.id)).contacts[0].note).toBe('Volat po 10. hodině.')

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('link', { name: 'Stáhnout vCard: Marie Horáková' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/\.vcf$/)
  const vcard = (await downloadBytes(download)).toString('utf8')
  expect(vcard).toContain('BEGIN:VCARD')
  expect(vcard).toMatch(/^FN[^:\r\n]*:Marie Horáková\r?$/m)
  expect(vcard).toMatch(/^EMAIL[^:]*:marie@example\.cz\r?$/m)
  expect(vcard).toContain('Volat po 10. hodině.')
})

test('the Dokumenty and Historie tabs pass axe with content in them', async ({ signedIn: page }) => {
  const api = await Api.forPage(page)
  const customer = await api.createCustomer({ kind: 'company', name: `Přístupnost ${unique()} s.r.o.`, email: 'a@example.cz' })
  await api.updateCustomer(customer.id, customer.version, { email: 'b@example.cz', tags: ['jedna', 'dvě'] })

  await page.goto(`/customers/${customer.id}?tab=documents`)
  await uploadThroughPicker(page, CONTRACT_NAME, minimalPdf('axe'))
  const row = documentRow(page, CONTRACT_NAME)
  await expect(row).toBeVisible()
  await row.getByRole('button', { name: `Verze (1): ${CONTRACT_NAME}` }).click()
  await expectNoSeriousViolations(page, 'documents tab')

  await page.getByRole('tab', { name: 'Historie' }).click()
  await expect(page.getByTestId('history-entry').first()).toBeVisible()
  await expectNoSeriousViolations(page, 'history tab')
})
