// Start-up: language, routing, the outbox's flushing, the service worker, then the app.
import { render } from 'preact';
import { App } from './App';
import { refetchThroughServiceWorker } from './lib/api';
import { applyDocumentLanguage } from './lib/i18n';
import { startOutbox } from './lib/outbox';
import { startPull } from './lib/pull';
import { startRouter } from './lib/router';
import { registerServiceWorker } from './lib/service-worker';
import { startSession } from './lib/session';
import './styles.css';

applyDocumentLanguage(document.documentElement);
startRouter();
startOutbox();
startPull();
void startSession();
if (import.meta.env.PROD) registerServiceWorker(refetchThroughServiceWorker);

const root = document.getElementById('app');
if (root) render(<App />, root);
