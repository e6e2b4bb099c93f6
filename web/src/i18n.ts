import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import cs from './locales/cs.json'
import en from './locales/en.json'
import csRecords from './locales/cs/records.json'
import enRecords from './locales/en/records.json'
import csWork from './locales/cs/work.json'
import enWork from './locales/en/work.json'
import csImport from './locales/cs/import.json'
import enImport from './locales/en/import.json'
import csList from './locales/cs/list.json'
import enList from './locales/en/list.json'

export const LANGUAGES = ['cs', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
const STORAGE_KEY = 'kartoteka.language'

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    if (value && (LANGUAGES as readonly string[]).includes(value)) return value as Language
  } catch {
    // Storage can be disabled (private mode, policies); Czech is the product default anyway.
  }
  return 'cs'
}

void i18n.use(initReactI18next).init({
  resources: { cs: { translation: cs }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'cs',
  interpolation: { escapeValue: false },
})

// The card's Dokumenty/Historie tabs and contact cards keep their strings in their own catalog files.
i18n.addResourceBundle('cs', 'translation', csRecords, true, false)
i18n.addResourceBundle('en', 'translation', enRecords, true, false)
// Zápisy, Úkoly, Moje úkoly, notifications and the calendar feed.
i18n.addResourceBundle('cs', 'translation', csWork, true, false)
i18n.addResourceBundle('en', 'translation', enWork, true, false)
// The import wizard, import history and the Historie link to an import.
i18n.addResourceBundle('cs', 'translation', csImport, true, false)
i18n.addResourceBundle('en', 'translation', enImport, true, false)
// The customer list's filter chips, saved views, export menu and count.
i18n.addResourceBundle('cs', 'translation', csList, true, false)
i18n.addResourceBundle('en', 'translation', enList, true, false)

document.documentElement.lang = i18n.language

export function changeLanguage(language: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, language)
  } catch {
    // See storedLanguage(): the switch still works for this page view.
  }
  document.documentElement.lang = language
  void i18n.changeLanguage(language)
}

export default i18n
