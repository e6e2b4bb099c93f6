import { Api, expect, newSignedInPage, test, unique } from './fixtures'

test('a colleague saves first: the user sees what changed and keeps what they typed', async ({ browser }) => {
  const alice = await newSignedInPage(browser)
  const bob = await newSignedInPage(browser)
  const api = await Api.forPage(alice)
  const customer = await api.createCustomer({ kind: 'company', name: `Konflikt ${unique()} s.r.o.`, email: 'puvodni@example.cz' })

  await alice.goto(`/customers/${customer.id}`)
  await bob.goto(`/customers/${customer.id}`)
  await expect(alice.getByRole('heading', { level: 1, name: customer.name })).toBeVisible()
  await expect(bob.getByRole('heading', { level: 1, name: customer.name })).toBeVisible()

  await bob.locator('#edit-email').fill('novy@example.cz')
  await bob.getByRole('button', { name: 'Uložit' }).click()
  await expect(bob.getByText('Změny byly uloženy.')).toBeVisible()

  const aliceNote = 'Volat až po 15. hodině, ptát se na paní Dvořákovou.'
  await alice.locator('#edit-note').fill(aliceNote)
  await alice.locator('#edit-web').fill('https://example.cz')
  await alice.getByRole('button', { name: 'Uložit' }).click()

  const notice = alice.getByTestId('conflict')
  await expect(notice).toBeVisible()
  await expect(notice).toContainText('Kolega mezitím zákazníka upravil')
  const emailRow = notice.getByRole('row', { name: /E-mail/ })
  await expect(emailRow).toContainText('novy@example.cz')
  await expect(emailRow).toContainText('puvodni@example.cz')
  // Nothing typed is lost.
  await expect(alice.locator('#edit-note')).toHaveValue(aliceNote)
  await expect(alice.locator('#edit-web')).toHaveValue('https://example.cz')

  await alice.getByRole('button', { name: 'Použít mé změny na novou verzi' }).click()
  await expect(alice.locator('#edit-email')).toHaveValue('novy@example.cz')
  await expect(alice.locator('#edit-note')).toHaveValue(aliceNote)
  await alice.getByRole('button', { name: 'Uložit' }).click()
  await expect(alice.getByText('Změny byly uloženy.')).toBeVisible()

  const stored = await api.customer(customer.id)
  expect(stored.email).toBe('novy@example.cz')
  expect(stored.note).toBe(aliceNote)
  expect(stored.web).toContain('example.cz')
  expect(stored.version).toBe(customer.version + 2)

  await alice.context().close()
  await bob.context().close()
})

test('contact persons can be added, edited and removed on the card', async ({ signedIn: page }) => {
  const api = await Api.forPage(page)
  const customer = await api.createCustomer({ kind: 'company', name: `Kontakty ${unique()} a.s.` })
  await page.goto(`/customers/${customer.id}`)
  await page.getByRole('button', { name: 'Přidat kontaktní osobu' }).click()
  await page.locator('#contact-0-name').fill('Petr Svoboda')
  await page.locator('#contact-0-role').fill('nákupčí')
  await page.locator('#contact-0-email').fill('petr@example.cz')
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page.getByText('Změny byly uloženy.')).toBeVisible()
  let stored = await api.customer(customer.id)
  expect(stored.contacts).toHaveLength(1)
  const contactId = stored.contacts[0].id

  await page.locator('#contact-0-role').fill('jednatel')
  await page.getByRole('button', { name: 'Přidat kontaktní osobu' }).click()
  await page.locator('#contact-1-name').fill('Eva Malá')
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page.getByText('Změny byly uloženy.')).toBeVisible()
  stored = await api.customer(customer.id)
  expect(stored.contacts.map((contact: { name: string }) => contact.name)).toEqual(['Petr Svoboda', 'Eva Malá'])
  expect(stored.contacts[0].id).toBe(contactId)
  expect(stored.contacts[0].role).toBe('jednatel')

  await page.getByRole('button', { name: 'Odebrat kontaktní osobu 1' }).click()
  await page.getByRole('button', { name: 'Uložit' }).click()
  await expect(page.getByText('Změny byly uloženy.')).toBeVisible()
  stored = await api.customer(customer.id)
  expect(stored.contacts.map((contact: { name: string }) => contact.name)).toEqual(['Eva Malá'])
})

test('deleting a record a colleague changed meanwhile deletes nothing and shows their version', async ({ signedIn: page }) => {
  const api = await Api.forPage(page)
  const customer = await api.createCustomer({ kind: 'company', name: `Mazání ${unique()} s.r.o.`, email: 'puvodni@example.cz' })
  await page.goto(`/customers/${customer.id}`)
  await expect(page.getByRole('heading', { level: 1, name: customer.name })).toBeVisible()

  const renamed = `${customer.name} (přejmenováno)`
  await api.updateCustomer(customer.id, customer.version, { name: renamed, email: 'novy@example.cz' })

  await page.getByRole('button', { name: 'Přesunout do koše' }).click()
  await page.getByRole('button', { name: 'Ano, přesunout do koše' }).click()

  const notice = page.getByTestId('delete-conflict')
  await expect(notice).toBeVisible()
  await expect(notice).toContainText('Kolega mezitím zákazníka upravil')
  await expect(notice).toContainText('nepřesunuli do koše')
  // The card now shows the colleague's version, and the record is still there.
  await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible()
  await expect(page.locator('#edit-email')).toHaveValue('novy@example.cz')
  await expect(page).toHaveURL(new RegExp(`/customers/${customer.id}$`))
  const stored = await api.customer(customer.id)
  expect(stored.deleted_at).toBeUndefined()
  expect(stored.version).toBe(customer.version + 1)

  // A second attempt, now against the version on screen, goes through.
  await page.getByRole('button', { name: 'Přesunout do koše' }).click()
  await page.getByRole('button', { name: 'Ano, přesunout do koše' }).click()
  await expect(page.getByText(`Zákazník „${renamed}“ byl přesunut do koše.`)).toBeVisible()
})
