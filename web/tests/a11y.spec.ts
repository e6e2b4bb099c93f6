import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { Api, expect, saveScreenshot, test, validIco } from './fixtures'

async function expectNoSeriousViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
  expect(report, `axe on ${screen}`).toEqual([])
}

// The same walk through the main screens checks accessibility and refreshes docs/screenshots/.
test('login, list, add form, card and trash pass axe and are photographed', async ({ page }) => {
  await page.goto('/login')
  await expect(page.getByRole('heading', { level: 1, name: 'Přihlášení' })).toBeVisible()
  await expectNoSeriousViolations(page, 'login')
  await saveScreenshot(page, 'login')

  const api = await Api.forPage(page)
  const customer = await api.createCustomer({
    kind: 'company',
    name: 'Pekárna U Zlatého klasu s.r.o.',
    ico: validIco(2_718_281),
    dic: `CZ${validIco(2_718_281)}`,
    email: 'objednavky@zlatyklas.example.cz',
    phone: '+420 602 123 456',
    web: 'https://zlatyklas.example.cz',
    status: 'active',
    tags: ['pekárny', 'Morava'],
    note: 'Odebírají mouku každý týden, fakturace měsíčně.',
    billing_address: { street: 'Masarykova 12', city: 'Olomouc', postal_code: '779 00', country: 'CZ' },
    contacts: [{ name: 'Marie Horáková', role: 'jednatelka', email: 'marie@zlatyklas.example.cz', phone: '+420 602 987 654' }],
  })

  await page.goto('/customers')
  await expect(page.locator('[role="row"][data-index]').first()).toBeVisible()
  await expectNoSeriousViolations(page, 'list')
  await saveScreenshot(page, 'list')

  await page.goto('/customers/new')
  await expect(page.getByRole('heading', { level: 1, name: 'Nový zákazník' })).toBeVisible()
  await expectNoSeriousViolations(page, 'add form')
  await saveScreenshot(page, 'add-form')

  await page.goto(`/customers/${customer.id}`)
  await expect(page.getByRole('heading', { level: 1, name: customer.name })).toBeVisible()
  await expectNoSeriousViolations(page, 'card')
  await saveScreenshot(page, 'card')

  await page.getByRole('tab', { name: 'Přehled' }).focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('tab', { name: 'Zápisy' })).toBeFocused()
  await expect(page.getByRole('tab', { name: 'Zápisy' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('tabpanel')).toContainText('U tohoto zákazníka zatím není žádný zápis.')
  await expectNoSeriousViolations(page, 'notes tab')

  const doomed = await api.createCustomer({ kind: 'company', name: 'Stavebniny Kámen v.o.s.' })
  const response = await page.request.delete(`/api/v1/customers/${doomed.id}`, {
    headers: { 'X-CSRF-Token': (await (await page.request.get('/api/v1/auth/me')).json()).csrf_token },
  })
  expect(response.ok()).toBe(true)
  await page.goto('/trash')
  await expect(page.getByRole('row', { name: /Stavebniny Kámen/ })).toBeVisible()
  await expectNoSeriousViolations(page, 'trash')
  await saveScreenshot(page, 'trash')
})
