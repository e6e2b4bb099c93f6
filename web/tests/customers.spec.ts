import type { Page } from '@playwright/test'
import { Api, expect, test, unique, validIco } from './fixtures'

async function addFilter(page: Page, field: string) {
  await page.getByText('Přidat filtr', { exact: true }).click()
  await page.getByRole('list', { name: 'Přidat filtr' }).getByRole('button', { name: field, exact: true }).click()
}

test('add a customer and land on its card; a double click creates one customer', async ({ signedIn: page }) => {
  const name = `Dvojklik ${unique()} s.r.o.`
  await page.goto('/customers')
  await page.getByRole('link', { name: 'Přidat' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nový zákazník' })).toBeFocused()
  await page.getByLabel('Název firmy').fill(name)
  await page.getByLabel('IČO').fill(validIco(Date.now()))
  await page.getByLabel('Město').fill('Olomouc')
  await page.getByLabel('E-mail').fill('obchod@example.cz')
  await page.getByRole('button', { name: 'Uložit' }).dblclick()

  await expect(page).toHaveURL(/\/customers\/\d+$/)
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(page.getByRole('tab', { name: 'Přehled' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByLabel('E-mail').first()).toHaveValue('obchod@example.cz')
  const api = await Api.forPage(page)
  expect(await api.searchCount(name)).toBe(1)
})

test('a person is found by typing part of the name without diacritics', async ({ signedIn: page }) => {
  const first = `Jana${unique()}`
  await page.goto('/customers/new')
  await page.getByLabel('Osoba').check()
  await page.getByLabel('Jméno').fill(first)
  await page.getByLabel('Příjmení').fill('Nováková')
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(first) })).toBeVisible()

  await page.getByRole('link', { name: 'Zákazníci' }).click()
  await page.getByLabel('Hledat').fill('novak')
  await expect(page).toHaveURL(/q=novak/)
  const row = page.getByRole('row', { name: new RegExp(first) })
  await expect(row).toBeVisible()
  await row.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`${first}.*Nováková|Nováková.*${first}`) })).toBeVisible()
})

test('the server refuses a bad IČO and the message sits at the IČO field, typed data kept', async ({ signedIn: page }) => {
  await page.goto('/customers/new')
  await page.getByLabel('Název firmy').fill('Špatné IČO a.s.')
  await page.getByLabel('IČO').fill('12345678')
  await page.getByLabel('Telefon').fill('777 123 456')
  await page.getByRole('button', { name: 'Uložit' }).click()

  const ico = page.getByLabel('IČO')
  await expect(ico).toHaveAttribute('aria-invalid', 'true')
  // The server's code, in Czech words; not the server's English message.
  await expect(page.locator('#create-ico-error')).toHaveText('IČO nemá platnou kontrolní číslici')
  await expect(page.getByRole('alert')).toContainText('IČO: IČO nemá platnou kontrolní číslici')
  await expect(ico).toHaveAttribute('aria-describedby', /create-ico-error/)
  await expect(page).toHaveURL(/\/customers\/new$/)
  await expect(page.getByLabel('Název firmy')).toHaveValue('Špatné IČO a.s.')
  await expect(page.getByLabel('Telefon')).toHaveValue('777 123 456')
  await expect(ico).toHaveValue('12345678')
})

test('sort by clicking the header and filter by status and city; the view lives in the URL', async ({ signedIn: page }) => {
  const tag = `sort${unique()}`
  const api = await Api.forPage(page)
  const me = await (await page.request.get('/api/v1/auth/me')).json()
  for (const [name, status, city] of [
    ['Alfa', 'active', 'Brno'],
    ['Mezera', 'lead', 'Brno'],
    ['Zeta', 'active', 'Ostrava'],
  ]) {
    await api.createCustomer({
      kind: 'company',
      name: `${name} ${tag}`,
      status,
      owner_id: name === 'Mezera' ? me.user.id : null,
      tags: [tag],
      billing_address: { street: 'Hlavní 1', city, postal_code: '602 00', country: 'CZ' },
    })
  }
  const names = () => page.locator('[role="row"][data-index] .cell-name').allInnerTexts()

  await page.goto(`/customers?q=${tag}`)
  await expect.poll(names).toEqual([`Alfa ${tag}`, `Mezera ${tag}`, `Zeta ${tag}`])

  // Searching sorts by relevance until a header is clicked; the first click sorts ascending, the second flips.
  await page.getByRole('button', { name: 'Název' }).click()
  await expect(page).toHaveURL(/sort=name/)
  await page.getByRole('button', { name: 'Název' }).click()
  await expect(page).toHaveURL(/sort=-name/)
  await expect.poll(names).toEqual([`Zeta ${tag}`, `Mezera ${tag}`, `Alfa ${tag}`])
  await expect(page.getByRole('columnheader', { name: 'Název' })).toHaveAttribute('aria-sort', 'descending')

  await addFilter(page, 'Stav')
  await page.getByRole('checkbox', { name: 'Aktivní', exact: true }).click()
  await expect(page.getByRole('checkbox', { name: 'Aktivní', exact: true })).toBeChecked()
  await expect.poll(names).toEqual([`Zeta ${tag}`, `Alfa ${tag}`])
  await addFilter(page, 'Město')
  await page.getByRole('textbox', { name: 'Město' }).fill('Brno')
  await expect.poll(names).toEqual([`Alfa ${tag}`])
  await expect(page).toHaveURL(/city=Brno/)

  // Back restores the previous view (before the city filter), forward returns to it.
  await page.goBack()
  await expect(page).not.toHaveURL(/city=/)
  await expect.poll(names).toEqual([`Zeta ${tag}`, `Alfa ${tag}`])
  await page.goForward()
  await expect.poll(names).toEqual([`Alfa ${tag}`])

  // A copied link reproduces the view, chips included.
  const shared = page.url()
  await page.goto('/customers')
  await page.goto(shared)
  await expect.poll(names).toEqual([`Alfa ${tag}`])
  await expect(page.getByRole('button', { name: 'Město: Brno' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Stav: Aktivní' })).toBeVisible()

  // Links from before the query language (`tag`, `order`, `owner`) still open the same view.
  await page.goto(`/customers?tag=${tag}&sort=name&order=asc`)
  await expect.poll(names).toEqual([`Alfa ${tag}`, `Mezera ${tag}`, `Zeta ${tag}`])
  await expect(page).toHaveURL(new RegExp(`tags_all=${tag}`))
  await addFilter(page, 'Obchodník')
  await page.getByRole('checkbox', { name: me.user.display_name }).click()
  await expect(page.getByRole('checkbox', { name: me.user.display_name })).toBeChecked()
  await expect.poll(names).toEqual([`Mezera ${tag}`])
  await expect(page).toHaveURL(new RegExp(`owner_id=${me.user.id}`))
  await page.goto(`/customers?tag=${tag}&owner=${me.user.id}&sort=name&order=desc`)
  await expect.poll(names).toEqual([`Mezera ${tag}`])
  await expect(page).toHaveURL(/sort=-name/)
})

test('the list loads the next page while scrolling and hides columns on request', async ({ signedIn: page }) => {
  await page.goto('/customers')
  await expect(page.getByRole('status').filter({ hasText: 'Načteno 100 zákazníků' })).toBeVisible()
  const grid = page.getByTestId('customer-grid')
  await grid.hover()
  for (let i = 0; i < 6; i++) {
    await page.mouse.wheel(0, 2500)
    await page.waitForTimeout(150)
  }
  await expect(page.getByRole('status').filter({ hasText: /Načteno 200|zákazníků$/ })).toBeVisible()
  // Only the visible rows are in the DOM, however many are loaded.
  expect(await page.locator('[role="row"][data-index]').count()).toBeLessThan(80)

  // Keyboard: arrows move between rows, Enter opens the focused one.
  await page.goto('/customers')
  const rows = page.locator('[role="row"][data-index]')
  await rows.first().focus()
  await page.keyboard.press('ArrowDown')
  await expect(rows.nth(1)).toBeFocused()
  const second = await rows.nth(1).locator('.cell-name').innerText()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: second })).toBeFocused()
  await page.goBack()

  await page.getByText('Sloupce', { exact: true }).click()
  // The URL update runs in a React transition, so the box is checked once that commits.
  await page.getByRole('checkbox', { name: 'Telefon' }).click()
  await expect(page.getByRole('checkbox', { name: 'Telefon' })).toBeChecked()
  await expect(page).toHaveURL(/cols=/)
  await expect(page.getByRole('columnheader', { name: 'Telefon' })).toBeVisible()
  await page.getByRole('checkbox', { name: 'Telefon' }).click()
  await expect(page.getByRole('columnheader', { name: 'Telefon' })).toHaveCount(0)
})
