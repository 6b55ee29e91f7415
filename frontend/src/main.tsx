// Start-up: language, routing, the outbox's flushing, the service worker, then the app. First
// of all, a tab that left by quick exit and came back by Back starts nothing: it leaves again.
import './register'; // first: the features' stores and kinds, before anything opens the database
import { render } from 'preact';
import { App } from './App';
import { applyDocumentLanguage } from './core/i18n';
import { startOutbox } from './core/outbox';
import { startPull } from './core/pull';
import { startQuickExit } from './core/quick-exit';
import { matchPath, startRouter } from './core/router';
import { registerServiceWorker } from './core/service-worker';
import { mayHaveSession, startSession } from './core/session';
import { startDateFormatting } from './lib/format';
import { askWhoWithScreen } from './staff/screen';
import './styles.css';

if (!startQuickExit()) {
  applyDocumentLanguage(document.documentElement);
  startRouter();
  startOutbox();
  startPull();
  // A staff screen is asked for at once, and says who is signed in (staff/screen.ts).
  void startSession(askWhoWithScreen(location.pathname, location.search));
  if (import.meta.env.PROD) registerServiceWorker();

  const root = document.getElementById('app');
  if (root) render(<App />, root);
  // Signed-in pages show dates (not the council's home): in a language other than British
  // English (lib/format.ts), the slow first use of the phone's date formatting comes before
  // the first paint, not while their page is drawn.
  if (mayHaveSession() && !matchPath('/c/:slug', location.pathname)) startDateFormatting();
}
