import { Api, expect, test, unique } from './fixtures'

test('delete from the card moves the customer to the trash, restore brings it back', async ({ signedIn: page }) => {
  const api = await Api.forPage(page)
  const name = `Do koše ${unique()} s.r.o.`
  const customer = await api.createCustomer({ kind: 'company', name })

  await page.goto(`/customers/${customer.id}`)
  await page.getByRole('button', { name: 'Přesunout do koše' }).click()
  await page.getByRole('button', { name: 'Ano, přesunout do koše' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Zákazníci' })).toBeVisible()
  await expect(page.getByText(`Zákazník „${name}“ byl přesunut do koše.`)).toBeVisible()
  expect(await api.searchCount(name)).toBe(0)

  await page.getByRole('navigation').getByRole('link', { name: 'Koš' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Koš' })).toBeVisible()
  const row = page.getByRole('row', { name: new RegExp(name) })
  await expect(row).toBeVisible()
  await row.getByRole('button', { name: 'Obnovit' }).click()
  await expect(page.getByText(`Zákazník „${name}“ byl obnoven.`)).toBeVisible()
  await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0)
  expect(await api.searchCount(name)).toBe(1)

  await page.getByRole('link', { name: 'Otevřít kartu' }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
})
