import { ADMIN, expect, password, test } from './fixtures'

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
