// Joining, signing in and out, this phone's devices, the More page, the privacy page, "Download
// my data" and "Who has seen my information": one lazy chunk (precached by the service worker
// like the others), so the first visit to the council's home does not download them.
export { DevicesView } from './DevicesView';
export { JoinView } from './JoinView';
export { SignInView } from './SignInView';
export { SignOutView } from './SignOutView';
export { ThisPhoneView } from './ThisPhoneView';
export { LockView } from './LockView';
export { MoreView } from './MoreView';
export { PrivacyView } from './PrivacyView';
export { MyDataView } from './MyDataView';
export { SeenView } from './SeenView';
