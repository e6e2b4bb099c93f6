import { expect, test } from './fixtures'

test('switching to English relabels the UI and survives a reload', async ({ signedIn: page }) => {
  await page.goto('/customers')
  await expect(page.getByRole('heading', { level: 1, name: 'Zákazníci' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'cs')

  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Trash' })).toBeVisible()
  await expect(page.getByLabel('Search')).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')

  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible()
  await page.getByRole('link', { name: 'Add' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'New customer' })).toBeVisible()

  await page.getByRole('button', { name: 'Čeština' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nový zákazník' })).toBeVisible()
})
