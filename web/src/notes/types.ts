import type { UserRef } from '../tasks/types'

export const NOTE_KINDS = ['meeting', 'call', 'email', 'visit', 'other'] as const
export type NoteKind = (typeof NOTE_KINDS)[number]

export interface NoteParticipant {
  contact_id: number | null
  user_id: number | null
  name: string
}

export interface Note {
  id: number
  customer_id: number
  kind: NoteKind
  occurred_at: string
  place: string
  subject: string
  /** Markdown; rendered with react-markdown and never as raw HTML. */
  body: string
  conclusions: string
  next_steps: string
  participants: NoteParticipant[]
  author: UserRef | null
  version: number
  created_at: string
  updated_at: string
}

export type ParticipantRef = { contact_id: number } | { user_id: number }

export interface NoteInput {
  kind: NoteKind
  occurred_at: string
  place: string
  subject: string
  body: string
  conclusions: string
  next_steps: string
  participants: ParticipantRef[]
}
