import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DEMO_CUSTOMERS = 250
/** Created with `kartoteka user add`; work.spec.ts assigns tasks to her and signs in as her. */
export const COLLEAGUE = { username: 'kolegyne', displayName: 'Petra Kolegová' }

function startServer(binary: string, dataDir: string, password: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolveStart, rejectStart) => {
    const child = spawn(
      binary,
      ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--web', join(webDir, 'dist'), '--password-cost', 'minimal'],
      { env: { ...process.env, KARTOTEKA_ADMIN_PASSWORD: password }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      rejectStart(new Error(`kartoteka did not report its address within 30 s. Output:\n${output}`))
    }, 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /kartoteka listening on (http:\/\/[\d.]+:\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolveStart({ child, url: match[1] })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (process.env.KARTOTEKA_SERVER_LOG) process.stderr.write(chunk)
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      rejectStart(new Error(`kartoteka exited early (code ${code}, signal ${signal}). Output:\n${output}`))
    })
  })
}

export default async function globalSetup() {
  const binary = resolve(webDir, process.env.KARTOTEKA_BINARY ?? '../build/kartoteka')
  if (!existsSync(binary)) throw new Error(`kartoteka binary not found at ${binary}; set KARTOTEKA_BINARY`)
  if (!existsSync(join(webDir, 'dist', 'index.html'))) throw new Error('web/dist is missing; run `npm run build` first')

  const dataDir = mkdtempSync(join(tmpdir(), 'kartoteka-e2e-'))
  // More than one page (100) of customers, so the suite exercises infinite scrolling.
  const password = `e2e-${randomBytes(9).toString('base64url')}`
  // The password goes to demo-data too, in case it is the command that first creates the admin.
  const demo = spawnSync(binary, ['demo-data', String(DEMO_CUSTOMERS), '--data', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, KARTOTEKA_ADMIN_PASSWORD: password },
  })
  if (demo.status !== 0) throw new Error(`demo-data failed: ${demo.stdout}\n${demo.stderr}`)

  // A second, non-admin user: tasks assigned to a colleague, their notifications and "Moje úkoly".
  // `serve` creates the admin only in a store without users, so the admin is added here first.
  const colleaguePassword = `col-${randomBytes(9).toString('base64url')}`
  const addUser = (args: string[], userPassword: string) => {
    const result = spawnSync(binary, ['user', 'add', ...args, '--data', dataDir], {
      encoding: 'utf8',
      env: { ...process.env, KARTOTEKA_PASSWORD: userPassword },
    })
    if (result.status !== 0) throw new Error(`user add ${args[0]} failed: ${result.stdout}\n${result.stderr}`)
  }
  const users = spawnSync(binary, ['user', 'list', '--data', dataDir], { encoding: 'utf8' })
  if (!/^\d+\tadmin\t/m.test(users.stdout)) addUser(['admin', '--admin', '--display-name', 'Administrator'], password)
  addUser([COLLEAGUE.username, '--display-name', COLLEAGUE.displayName], colleaguePassword)
  process.env.KARTOTEKA_COLLEAGUE_PASSWORD = colleaguePassword

  const { child, url } = await startServer(binary, dataDir, password)
  process.env.KARTOTEKA_BASE_URL = url
  process.env.KARTOTEKA_TEST_PASSWORD = password
  process.env.KARTOTEKA_DEMO_CUSTOMERS = String(DEMO_CUSTOMERS)

  return async () => {
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    child.kill('SIGTERM')
    await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))])
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
}
