import AxeBuilder from '@axe-core/playwright'
import type { Browser, Page } from '@playwright/test'
import ICAL from 'ical.js'
import { Api, expect, test, unique } from './fixtures'
import { COLLEAGUE } from './global-setup'

async function expectNoSeriousViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
  expect(report, `axe on ${screen}`).toEqual([])
}

async function colleaguePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.KARTOTEKA_BASE_URL, locale: 'cs-CZ', timezoneId: 'Europe/Prague' })
  const page = await context.newPage()
  const response = await page.request.post('/api/v1/auth/login', {
    data: { username: COLLEAGUE.username, password: process.env.KARTOTEKA_COLLEAGUE_PASSWORD },
  })
  expect(response.status(), await response.text()).toBe(200)
  return page
}

/** A calendar date n days from today in Prague, as <input type="date"> and the API write it. */
function pragueDate(daysAhead: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + daysAhead * 86_400_000),
  )
  return parts
}

// Markdown with every classic injection: none of it may run or become an element.
const HOSTILE_BODY = [
  'Probrali jsme **roční objednávku** mouky.',
  '',
  '<script>window.__xss = "script"</script>',
  '',
  '<img src="x" onerror="window.__xss = \'img\'">',
  '',
  '[Odkaz](javascript:window.__xss=\'link\')',
].join('\n')

test('a minute from the card, a task from it for a colleague, her tasks, notifications and calendar', async ({ page, browser }) => {
  // One long walk across two users, with several axe runs on a shared 2-core machine.
  test.setTimeout(180_000)
  const api = await Api.forPage(page)
  const tag = unique()
  const customer = await api.createCustomer({
    kind: 'company',
    name: `Mlýn Hradec ${tag} s.r.o.`,
    contacts: [{ name: 'Marie Horáková', role: 'jednatelka', email: 'marie@mlyn.example.cz', phone: '+420 602 987 654' }],
  })
  const subject = `Roční objednávka ${tag}`
  const nextSteps = 'Poslat nabídku na 40 t mouky do pátku'
  // Not the minute's subject: the colleague's feed carries the meeting too, and the two must not be confused.
  const taskTitle = `Nabídka mouky ${tag}`
  const dueDate = pragueDate(3)

  // --- Zápisy: add a minute with participants from both sides.
  await page.goto(`/customers/${customer.id}?tab=notes`)
  await expect(page.getByRole('tab', { name: 'Zápisy' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByText('U tohoto zákazníka zatím není žádný zápis.')).toBeVisible()
  await page.getByRole('button', { name: 'Nový zápis' }).click()
  const form = page.getByRole('form', { name: 'Nový zápis' })
  await form.getByLabel('Kdy').fill('2026-11-20T10:00')
  await form.getByLabel('Druh').selectOption({ label: 'Schůzka' })
  await form.getByLabel('Kde').fill('Hradec Králové, kancelář zákazníka')
  await form.getByRole('checkbox', { name: /Marie Horáková/ }).check()
  await form.getByRole('checkbox', { name: COLLEAGUE.displayName }).check()
  await form.getByLabel('Předmět').fill(subject)
  await form.getByLabel('Průběh').fill(HOSTILE_BODY)
  await form.getByLabel('Závěry').fill('Zákazník chce pevnou cenu na rok.')
  await form.getByLabel('Další kroky').fill(nextSteps)
  await expectNoSeriousViolations(page, 'note form')
  await form.getByRole('button', { name: 'Uložit zápis' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Zápis byl uložen.' })).toBeVisible()

  const minute = page.getByRole('article', { name: subject })
  await expect(minute).toBeVisible()
  await expect(minute).toContainText('Schůzka')
  await expect(minute).toContainText('Hradec Králové, kancelář zákazníka')
  await expect(minute).toContainText('Marie Horáková')
  await expect(minute).toContainText(COLLEAGUE.displayName)
  await expect(minute).toContainText('Zákazník chce pevnou cenu na rok.')
  await expect(minute).toContainText(nextSteps)

  // --- XSS: Markdown formats, raw HTML stays visible text, nothing runs, no javascript: link survives.
  const body = minute.locator('.markdown')
  await expect(body.locator('strong')).toHaveText('roční objednávku')
  await expect(body).toContainText('<script>window.__xss = "script"</script>')
  await expect(body).toContainText('<img src="x" onerror=')
  await expect(body.locator('script')).toHaveCount(0)
  await expect(body.locator('img')).toHaveCount(0)
  await expect(page.locator('[onerror]')).toHaveCount(0)
  const link = body.getByText('Odkaz')
  await expect(link).toBeVisible()
  expect((await link.getAttribute('href')) ?? '').not.toMatch(/^\s*javascript:/i)
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined()
  await expectNoSeriousViolations(page, 'notes tab')

  // --- "Vytvořit úkol z tohoto zápisu": pre-filled from the minute, assigned to the colleague.
  await minute.getByRole('button', { name: 'Vytvořit úkol z tohoto zápisu' }).click()
  const taskForm = minute.getByRole('form', { name: 'Nový úkol' })
  await expect(taskForm.getByLabel('Název')).toHaveValue(subject)
  await expect(taskForm.getByLabel('Popis')).toHaveValue(nextSteps)
  await expect(taskForm).toContainText('Úkol bude propojen se zápisem.')
  await taskForm.getByLabel('Název').fill(taskTitle)
  await taskForm.getByLabel('Řešitel').selectOption({ label: COLLEAGUE.displayName })
  await taskForm.getByLabel('Termín').fill(dueDate)
  await taskForm.getByLabel('Priorita').selectOption({ label: 'Vysoká' })
  await expectNoSeriousViolations(page, 'task form')
  await taskForm.getByRole('button', { name: 'Vytvořit úkol' }).click()
  await expect(minute.getByRole('status')).toContainText(`Úkol „${taskTitle}“ byl vytvořen.`)

  // The task is linked to the minute on the server, not just titled after it.
  const notes = await (await page.request.get(`/api/v1/customers/${customer.id}/notes`)).json()
  const tasks = await (await page.request.get(`/api/v1/customers/${customer.id}/tasks`)).json()
  expect(tasks.items).toHaveLength(1)
  expect(tasks.items[0].note_id).toBe(notes.items[0].id)
  expect(tasks.items[0].assignee.display_name).toBe(COLLEAGUE.displayName)

  // --- Úkoly tab lists it with assignee, due date and priority.
  await minute.getByRole('link', { name: 'Zobrazit úkoly' }).click()
  await expect(page.getByRole('tab', { name: 'Úkoly' })).toHaveAttribute('aria-selected', 'true')
  const row = page.getByRole('row', { name: new RegExp(taskTitle) })
  await expect(row).toContainText(COLLEAGUE.displayName)
  await expect(row).toContainText('Vysoká')
  await expect(row).toContainText(nextSteps)
  await expect(row.getByRole('combobox', { name: `Stav úkolu ${taskTitle}` })).toHaveValue('open')
  await expectNoSeriousViolations(page, 'tasks tab')

  // --- The colleague: notification, "Moje úkoly", calendar feed.
  const her = await colleaguePage(browser)
  await her.goto('/moje-ukoly')
  await expect(her.getByRole('heading', { level: 1, name: 'Moje úkoly' })).toBeVisible()
  const upcoming = her.locator('section[data-view="upcoming"]')
  await expect(upcoming.getByRole('row', { name: new RegExp(taskTitle) })).toBeVisible()
  await expect(upcoming.getByRole('link', { name: customer.name })).toHaveAttribute('href', `/customers/${customer.id}?tab=tasks`)

  const bell = her.getByRole('button', { name: /^Oznámení, 1 nepřečtené$/ })
  await expect(bell).toBeVisible()
  await bell.click()
  const popover = her.getByRole('region', { name: 'Oznámení' })
  await expect(popover).toBeVisible()
  await expect(popover.getByRole('listitem').first()).toContainText(taskTitle)
  await expectNoSeriousViolations(her, 'my tasks with notifications')
  await popover.getByRole('button', { name: 'Označit vše jako přečtené' }).click()
  await expect(her.getByRole('button', { name: 'Oznámení', exact: true })).toBeVisible()
  await her.keyboard.press('Escape')
  await expect(popover).toBeHidden()
  await expect(her.getByRole('button', { name: 'Oznámení', exact: true })).toBeFocused()

  // The colleague may not edit the admin's minute.
  await her.goto(`/customers/${customer.id}?tab=notes`)
  await expect(her.getByRole('article', { name: subject })).toBeVisible()
  await expect(her.getByRole('button', { name: `Upravit zápis ${subject}` })).toHaveCount(0)

  // Calendar feed: created once, its URL serves the task as iCalendar.
  await her.goto('/moje-ukoly')
  await her.getByRole('button', { name: 'Vytvořit odkaz' }).click()
  const feedUrl = await her.getByLabel('Adresa kalendáře').inputValue()
  expect(feedUrl).toMatch(/\/api\/v1\/calendar-feeds\//)
  const anonymous = await browser.newContext()
  const feed = await anonymous.request.get(feedUrl)
  expect(feed.status()).toBe(200)
  expect(feed.headers()['content-type']).toMatch(/^text\/calendar/)
  const calendar = new ICAL.Component(ICAL.parse(await feed.text()))
  const entries = [...calendar.getAllSubcomponents('vtodo'), ...calendar.getAllSubcomponents('vevent')]
  const entry = entries.find((component) => component.getFirstPropertyValue('summary') === taskTitle)
  expect(entry, `no VTODO/VEVENT "${taskTitle}" in the feed`).toBeTruthy()
  const when = entry!.getFirstPropertyValue('due') ?? entry!.getFirstPropertyValue('dtstart')
  expect(String(when).slice(0, 10)).toBe(dueDate)
  // She took part in the meeting, so it is in her calendar as an event.
  const meeting = calendar.getAllSubcomponents('vevent').find((component) => component.getFirstPropertyValue('summary') === subject)
  expect(meeting, `no VEVENT for the meeting "${subject}"`).toBeTruthy()
  expect(String(meeting!.getFirstPropertyValue('dtstart')).slice(0, 10)).toBe('2026-11-20')
  await expectNoSeriousViolations(her, 'calendar feed shown')

  // Regenerating invalidates the old URL.
  await her.getByRole('button', { name: 'Vytvořit nový odkaz' }).click()
  await her.getByRole('button', { name: 'Ano, vytvořit nový' }).click()
  await expect(her.getByLabel('Adresa kalendáře')).not.toHaveValue(feedUrl)
  expect((await anonymous.request.get(feedUrl)).status()).toBe(404)
  await anonymous.close()

  // Quick status change moves the task to "Hotové".
  await upcoming.getByRole('combobox', { name: `Stav úkolu ${taskTitle}` }).selectOption('done')
  await expect(her.locator('section[data-view="done"]').getByRole('row', { name: new RegExp(taskTitle) })).toBeVisible()
  await expect(upcoming.getByRole('row', { name: new RegExp(taskTitle) })).toHaveCount(0)
  await her.context().close()
})

test('the author edits a minute: field errors at their fields, a stale save reloads and keeps the typed text', async ({ page }) => {
  const api = await Api.forPage(page)
  const customer = await api.createCustomer({ kind: 'company', name: `Pila Javorník ${unique()} s.r.o.` })
  const csrf = (await (await page.request.get('/api/v1/auth/me')).json()).csrf_token as string
  const created = await page.request.post(`/api/v1/customers/${customer.id}/notes`, {
    data: { kind: 'call', occurred_at: '2026-11-25T08:30:00.000Z', subject: 'Telefonát o dodávce', body: '', place: '', conclusions: '', next_steps: '', participants: [] },
    headers: { 'X-CSRF-Token': csrf },
  })
  expect(created.status(), await created.text()).toBe(201)
  const note = await created.json()

  await page.goto(`/customers/${customer.id}?tab=notes`)
  await page.getByRole('button', { name: 'Upravit zápis Telefonát o dodávce' }).click()
  const form = page.getByRole('form', { name: 'Upravit zápis' })
  await expect(form.getByLabel('Předmět')).toHaveValue('Telefonát o dodávce')
  await expect(form.getByLabel('Druh')).toHaveValue('call')

  // A blank subject comes back as a 422 shown at the field.
  await form.getByLabel('Předmět').fill('')
  await form.getByRole('button', { name: 'Uložit', exact: true }).click()
  await expect(form.getByLabel('Předmět')).toHaveAttribute('aria-invalid', 'true')
  await expect(form.getByRole('alert')).toContainText('Předmět')
  await form.getByLabel('Předmět').fill('Telefonát o dodávce')

  // The same author saves from another window first; this form's version is now stale.
  const other = await page.request.patch(`/api/v1/notes/${note.id}`, {
    data: { subject: 'Telefonát o dodávce (doplněno)' },
    headers: { 'X-CSRF-Token': csrf, 'If-Match': `"${note.version}"` },
  })
  expect(other.status(), await other.text()).toBe(200)
  await form.getByLabel('Průběh').fill('Můj rozepsaný text')
  await form.getByRole('button', { name: 'Uložit', exact: true }).click()
  await expect(form.getByRole('alert')).toContainText('Zápis byl mezitím uložen jinde')
  await expect(form.getByLabel('Předmět')).toHaveValue('Telefonát o dodávce (doplněno)')
  await form.getByText('Váš neuložený text').click()
  await expect(form.locator('.unsaved-copy')).toContainText('Můj rozepsaný text')

  // Saving again goes over the reloaded version.
  await form.getByLabel('Průběh').fill('Dodávka potvrzena na úterý.')
  await form.getByRole('button', { name: 'Uložit', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Změny zápisu byly uloženy.' })).toBeVisible()
  await expect(page.getByRole('article', { name: 'Telefonát o dodávce (doplněno)' })).toContainText('Dodávka potvrzena na úterý.')
})
