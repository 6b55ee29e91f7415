// The offer page's frame (its heading and first paragraph), painted before its chunk and its
// data arrive: App.tsx draws it until the chunk comes, OfferView.tsx until the data does.
import type { Frame } from '../components/Lazy';

export const OFFER_FRAME: Frame = { title: 'offer.title', lead: 'offer.intro' };
