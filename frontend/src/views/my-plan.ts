// "My plan", "My health passport", "Dates in your calendar", reminders and the inbox for a
// signed-in young person, one lazy chunk (precached by the service worker like "My views"): signed-out visitors
// never download them.
export { CalendarView } from './CalendarView';
export { MyPlanView } from './MyPlanView';
export { NewTaskView } from './NewTaskView';
export { PassportEditView } from './PassportEditView';
export { PassportView } from './PassportView';
export { InboxView, RemindersView } from './RemindersView';
export { TaskView } from './TaskView';
