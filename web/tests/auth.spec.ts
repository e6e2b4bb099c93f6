import { ADMIN, Api, expect, password, test, unique } from './fixtures'

test('wrong password is refused with a readable message', async ({ page }) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/login/)
  await page.getByLabel('Uživatelské jméno').fill(ADMIN)
  await page.getByLabel('Heslo').fill('not-the-password')
  await page.getByRole('button', { name: 'Přihlásit' }).click()
  await expect(page.getByRole('alert')).toHaveText('Nesprávné jméno nebo heslo.')
  await expect(page.getByLabel('Uživatelské jméno')).toHaveValue(ADMIN)
})

test('log in, land on the customer list, log out', async ({ page }) => {
  await page.goto('/customers')
  await expect(page).toHaveURL(/\/login\?next=%2Fcustomers/)
  await expect(page.getByRole('heading', { level: 1, name: 'Přihlášení' })).toBeFocused()
  await page.getByLabel('Uživatelské jméno').fill(ADMIN)
  await page.getByLabel('Heslo').fill(password())
  await page.getByLabel('Heslo').press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Zákazníci' })).toBeVisible()
  await expect(page).toHaveURL(/\/customers$/)

  await page.getByRole('button', { name: 'Odhlásit' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Přihlášení' })).toBeVisible()
  // The session is gone on the server too, not just forgotten by the page.
  expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401)
  await page.goto('/trash')
  await expect(page).toHaveURL(/\/login/)
})

test('an expired session returns to login and then back to the same view', async ({ page, context }) => {
  await page.goto('/login')
  await page.getByLabel('Uživatelské jméno').fill(ADMIN)
  await page.getByLabel('Heslo').fill(password())
  await page.getByRole('button', { name: 'Přihlásit' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Zákazníci' })).toBeVisible()
  // The list asks for the default view before its first page: wait for that page (its count), so that the 401
  // comes from opening the trash, not from the list's own late request.
  await expect(page.getByText(/^[\d\s\u00a0]+ zákazník/).first()).toBeVisible()

  await context.clearCookies() // the server-side session is now unreachable: every call gets 401
  await page.getByRole('link', { name: 'Koš' }).click()
  await expect(page).toHaveURL(/\/login\?next=%2Ftrash/)
  await expect(page.getByText('Vaše přihlášení vypršelo')).toBeVisible()
  await page.getByLabel('Uživatelské jméno').fill(ADMIN)
  await page.getByLabel('Heslo').fill(password())
  await page.getByRole('button', { name: 'Přihlásit' }).click()
  await expect(page).toHaveURL(/\/trash$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Koš' })).toBeVisible()
})

test('edits survive a session that expires before saving', async ({ page, context }) => {
  const api = await Api.forPage(page)
  const customer = await api.createCustomer({ kind: 'company', name: `Vypršení ${unique()} s.r.o.` })
  await page.goto(`/customers/${customer.id}`)
  await page.locator('#edit-note').fill('Napsáno před vypršením relace.')

  await context.clearCookies()
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Fcustomers%2F${customer.id}`))
  await page.getByLabel('Uživatelské jméno').fill(ADMIN)
  await page.getByLabel('Heslo').fill(password())
  await page.getByRole('button', { name: 'Přihlásit' }).click()

  await expect(page).toHaveURL(new RegExp(`/customers/${customer.id}$`))
  await expect(page.locator('#edit-note')).toHaveValue('Napsáno před vypršením relace.')
  await expect(page.getByText('Obnovili jsme vaše neuložené změny')).toBeVisible()
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page.getByText('Změny byly uloženy.')).toBeVisible()
  expect((await api.customer(customer.id)).note).toBe('Napsáno před vypršením relace.')
})
