// "/c/:slug/offer/:itemId": one thing on offer, in full.
import type { OfferItemOut, OfferOut } from '../api/types';
import { AskLink } from '../components/AskLink';
import { Loaded } from '../components/Loaded';
import { Page } from '../components/Page';
import { paths } from '../core/api';
import { describeWhoCanGet } from '../lib/eligibility-text';
import { formatAmount, formatDate } from '../lib/format';
import { t } from '../core/i18n';
import { NotFound } from '../components/NotFound';

export function OfferItemView({ slug, itemId }: { slug: string; itemId: string }) {
  return (
    <Loaded<OfferOut> path={paths.offer(slug)}>
      {(offer) => {
        const item = offer.items.find((candidate) => candidate.id === itemId);
        return item ? <ItemPage slug={slug} item={item} /> : <NotFound />;
      }}
    </Loaded>
  );
}

/** Content-pack text: a blank line starts a new paragraph. */
function Paragraphs({ text }: { text: string }) {
  const paragraphs = text.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean);
  return (
    <>
      {paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </>
  );
}

function ItemPage({ slug, item }: { slug: string; item: OfferItemOut }) {
  return (
    <Page
      title={item.title}
      before={
        <a href={`/c/${encodeURIComponent(slug)}/offer`} class="back-link">
          {t('item.back')}
        </a>
      }
    >
      <OfferItemDetails slug={slug} item={item} />
      <AskLink slug={slug} about={{ kind: 'offer_item', id: item.id, title: item.title }} />
    </Page>
  );
}

/** Everything on an item's page below its title (the staff editor's preview shows it too). */
export function OfferItemDetails({ slug, item }: { slug: string; item: OfferItemOut }) {
  const who = describeWhoCanGet(item.eligibility);
  return (
    <>
      <p class="lead">{item.summary}</p>
      {item.amount && <p class="amount amount--large">{formatAmount(item.amount)}</p>}
      <Paragraphs text={item.details} />

      <h2>{t('item.whoHeading')}</h2>
      {who.length > 0 ? (
        <ul class="list list--bullet">
          {who.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p>{t('item.whoEveryone')}</p>
      )}
      <p>
        <a href={`/c/${encodeURIComponent(slug)}/check`} class="tap-link">{t('item.checkLink')}</a>
      </p>

      <h2>{t('item.claimHeading')}</h2>
      <Paragraphs text={item.how_to_claim} />
      <h2>{t('item.contactHeading')}</h2>
      <p>{item.contact}</p>
      <h2>{t('item.providerHeading')}</h2>
      <p>{item.provider}</p>
      <p class="hint">{t('item.lastChecked', { date: formatDate(item.last_reviewed) })}</p>
    </>
  );
}
