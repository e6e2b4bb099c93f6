import { Api, expect, test, unique } from './fixtures'

test('a lost connection shows a readable message and recovers on retry', async ({ signedIn: page }) => {
  let offline = true
  await page.route('**/api/v1/customers?*', (route) => (offline ? route.abort('connectionrefused') : route.continue()))
  await page.goto('/customers')
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('Nelze se spojit se serverem', { timeout: 15_000 })
  await expect(page.getByRole('heading', { level: 1, name: 'Zákazníci' })).toBeVisible()
  offline = false
  await alert.getByRole('button', { name: 'Zkusit znovu' }).click()
  await expect(page.locator('[role="row"][data-index]').first()).toBeVisible()
})

test('a server error while saving keeps the typed data and says what happened', async ({ signedIn: page }) => {
  const api = await Api.forPage(page)
  const customer = await api.createCustomer({ kind: 'company', name: `Chyba serveru ${unique()} s.r.o.` })
  await page.goto(`/customers/${customer.id}`)
  await page.route(`**/api/v1/customers/${customer.id}`, (route) =>
    route.request().method() === 'PATCH'
      ? route.fulfill({
          status: 500,
          contentType: 'application/problem+json',
          body: JSON.stringify({ title: 'Internal Server Error', status: 500 }),
        })
      : route.continue(),
  )
  await page.locator('#edit-note').fill('Text, který se nesmí ztratit.')
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page.getByRole('alert')).toContainText('Na serveru došlo k chybě (500)')
  await expect(page.locator('#edit-note')).toHaveValue('Text, který se nesmí ztratit.')
  await page.unroute(`**/api/v1/customers/${customer.id}`)
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page.getByText('Změny byly uloženy.')).toBeVisible()
  expect((await api.customer(customer.id)).note).toBe('Text, který se nesmí ztratit.')
})

test('a field error from the card save is shown at its field', async ({ signedIn: page }) => {
  const api = await Api.forPage(page)
  const customer = await api.createCustomer({ kind: 'company', name: `Špatný e-mail ${unique()} a.s.` })
  await page.goto(`/customers/${customer.id}`)
  await page.locator('#edit-email').fill('tohle-neni-email')
  await page.locator('#billing_address-postal').fill('1234')
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page.locator('#edit-email')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.locator('#edit-email-error')).not.toBeEmpty()
  await expect(page.locator('#edit-email')).toHaveValue('tohle-neni-email')
})

test('an unknown customer id shows a message, not a blank page', async ({ signedIn: page }) => {
  await page.goto('/customers/987654321')
  await expect(page.getByRole('alert')).toContainText('Záznam nebyl nalezen')
  await expect(page.getByRole('link', { name: 'Zpět na seznam zákazníků' })).toBeVisible()
})
