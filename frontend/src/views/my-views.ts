// "My views" pages for a signed-in young person, one lazy chunk: signed-out visitors never
// download them. "I need help now" (HelpView, HelpButton) stays in the main bundle, so it
// shows at once.
export { MyViewsView } from './MyViewsView';
export { NewStatementView } from './NewStatementView';
export { StatementFlowView } from './StatementFlowView';
export { StatementView } from './StatementView';
