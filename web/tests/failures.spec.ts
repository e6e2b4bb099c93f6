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
  await expect(page.locator('#edit-email-error')).toHaveText('Zadejte e-mail ve tvaru jmeno@firma.cz')
  await expect(page.locator('#billing_address-postal-error')).toHaveText('PSČ má tvar 123 45')
  await expect(page.locator('#edit-email')).toHaveValue('tohle-neni-email')
})

test('a field error code the UI does not know falls back to the server message', async ({ signedIn: page }) => {
  await page.route('**/api/v1/customers', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 422,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'https://kartoteka.example/problems/validation',
            title: 'Unprocessable Content',
            status: 422,
            detail: '2 fields are invalid',
            errors: { ico: 'IČO is blocked by a rule from the future', name: 'is required' },
            error_codes: { ico: 'ico.blocked', name: 'required' },
          }),
        })
      : route.continue(),
  )
  await page.goto('/customers/new')
  await page.getByLabel('Název firmy').fill('Budoucnost s.r.o.')
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page.locator('#create-ico-error')).toHaveText('IČO is blocked by a rule from the future')
  await expect(page.locator('#create-name-error')).toHaveText('Toto pole je povinné')
})

test('problem details are shown in the UI language, not the server English', async ({ signedIn: page }) => {
  await page.route('**/api/v1/customers', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 413,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'about:blank', title: 'Content Too Large', status: 413, detail: 'the request body exceeds 1 MiB' }),
        })
      : route.continue(),
  )
  await page.goto('/customers/new')
  await page.getByLabel('Název firmy').fill('Velká data s.r.o.')
  await page.getByRole('button', { name: 'Uložit' }).click()
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('Odesílaných údajů je příliš mnoho')
  await expect(alert).not.toContainText('exceeds')
})

test('a crash shows a Czech message; the technical text waits behind a details toggle', async ({ signedIn: page }) => {
  const api = await Api.forPage(page)
  const customer = await api.createCustomer({ kind: 'company', name: `Pád ${unique()} s.r.o.` })
  // A malformed record (contacts that are not a list) makes the card throw while rendering.
  await page.route(`**/api/v1/customers/${customer.id}`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...customer, contacts: 42 }) }),
  )
  await page.goto(`/customers/${customer.id}`)
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('Něco se pokazilo')
  const details = alert.locator('details')
  await expect(details.locator('pre')).toBeHidden()
  await details.getByText('Technické podrobnosti').click()
  await expect(details.locator('pre')).toBeVisible()
  await expect(details.locator('pre')).not.toBeEmpty()
})

test('an unknown customer id shows a message, not a blank page', async ({ signedIn: page }) => {
  await page.goto('/customers/987654321')
  await expect(page.getByRole('alert')).toContainText('Záznam nebyl nalezen')
  await expect(page.getByRole('link', { name: 'Zpět na seznam zákazníků' })).toBeVisible()
})
