import { useInfiniteQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { QueryError } from '../components/QueryError'
import { usePageHeading } from '../lib/usePageHeading'
import { tasksApi } from '../tasks/api'
import { CalendarFeedPanel } from '../tasks/CalendarFeedPanel'
import { TaskTable } from '../tasks/TaskTable'
import { MY_TASK_VIEWS, type MyTaskView } from '../tasks/types'
import '../tasks/work.css'

function MyTaskSection({ view }: { view: MyTaskView }) {
  const { t } = useTranslation()
  const tasks = useInfiniteQuery({
    queryKey: ['my-tasks', view],
    queryFn: ({ pageParam }) => tasksApi.mine(view, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    // The "today" and "overdue" split moves at midnight and when colleagues assign work.
    refetchOnWindowFocus: true,
  })
  const rows = tasks.data?.pages.flatMap((page) => page.items) ?? []
  const headingId = `my-tasks-${view}`

  return (
    <section aria-labelledby={headingId} className={`panel my-tasks-section my-tasks-${view}`} data-view={view}>
      <h2 id={headingId}>
        {t(`myTasks.views.${view}`)}
        {tasks.data && <span className="count"> ({rows.length}{tasks.hasNextPage ? '+' : ''})</span>}
      </h2>
      {tasks.error && <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />}
      {tasks.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : rows.length === 0 && !tasks.error ? (
        <p className="muted">{t(`myTasks.empty.${view}`)}</p>
      ) : (
        <TaskTable tasks={rows} caption={t(`myTasks.views.${view}`)} showCustomer />
      )}
      {tasks.hasNextPage && (
        <button type="button" disabled={tasks.isFetchingNextPage} onClick={() => void tasks.fetchNextPage()}>
          {t('work.loadMore')}
        </button>
      )}
    </section>
  )
}

export default function MyTasksPage() {
  const { t } = useTranslation()
  const heading = usePageHeading(t('myTasks.title'))
  return (
    <div className="my-tasks">
      <h1 ref={heading} tabIndex={-1}>
        {t('myTasks.title')}
      </h1>
      <p className="muted">{t('myTasks.intro')}</p>
      {MY_TASK_VIEWS.map((view) => (
        <MyTaskSection key={view} view={view} />
      ))}
      <CalendarFeedPanel />
    </div>
  )
}
