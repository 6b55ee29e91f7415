// "/staff/profile": what the young people a PA supports see of them in the app. Their first
// name always; a work phone and a photo only if they add them. Each part is saved on its own,
// and the server names the field it refuses (`body.work_phone`, `body.image`).
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { StaffProfileOut } from '../api/types';
import { ErrorMessage, FormPage, TextInput } from '../components/form';
import { ApiError, send } from '../core/api';
import { fieldsWithErrors, generalError, useFormErrors } from '../lib/form-errors';
import { t } from './i18n';
import { LoadingPage } from './LoadingPage';
import { staffPaths } from './paths';

type Field = 'phone' | 'photo';
const TARGETS: Record<Field, string> = { phone: 'profile-phone', photo: 'profile-photo' };
const SERVER: Record<Field, string> = { phone: 'body.work_phone', photo: 'body.image' };
// What the server takes (accounts/photos.py): checked here too, so a wrong file costs no upload.
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
// A bigger photo is drawn this size (longest side) first: the server keeps 192 px anyway.
const SHRUNK_SIDE = 1024;

/** The file as base64, as the API takes it. */
function base64Of(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

function photoProblem(file: File | null): string | undefined {
  if (!file) return t('staff.profile.error.photoMissing');
  if (!PHOTO_TYPES.includes(file.type)) return t('staff.profile.error.photo');
  return undefined;
}

/** The photo within the server's 2 MB: a phone camera's is often bigger, so it is drawn smaller
 * here (the browser turns it upright); null when it cannot be read or is still too big. */
async function withinLimit(file: File): Promise<Blob | null> {
  if (file.size <= PHOTO_MAX_BYTES) return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, SHRUNK_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const smaller = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
    return smaller && smaller.size <= PHOTO_MAX_BYTES ? smaller : null;
  } catch {
    return null;
  }
}

export function ProfilePage() {
  const [profile, setProfile] = useState<StaffProfileOut | null>(null);
  const [phone, setPhone] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileInput, setFileInput] = useState(0); // a new key empties the file input
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const { errors, problem, attempt, fail, clear, summary } = useFormErrors(TARGETS);

  useEffect(() => {
    send<StaffProfileOut>('GET', staffPaths.profile).then(
      (found) => {
        setProfile(found);
        setPhone(found.work_phone ?? '');
      },
      (error: unknown) => fail({}, generalError(error)),
    );
  }, []);
  if (!profile) return <LoadingPage problem={problem} />;

  /** Sends one change and says what it did; a refusal is shown against its field. */
  const save = async (field: Field, change: () => Promise<StaffProfileOut>, said: string) => {
    if (busy) return;
    setBusy(true);
    clear();
    setNotice('');
    try {
      setProfile(await change());
      setNotice(said);
    } catch (error) {
      const named = error instanceof ApiError && fieldsWithErrors(error.fields, SERVER).includes(field);
      if (named) fail({ [field]: t(`staff.profile.error.${field}`) });
      else fail({}, generalError(error));
    } finally {
      setBusy(false);
    }
  };

  const savePhone = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const number = phone.trim() || null; // empty removes it
    void save(
      'phone',
      () => send<StaffProfileOut>('PUT', staffPaths.profile, { work_phone: number }),
      t(number ? 'staff.profile.phoneSaved' : 'staff.profile.phoneRemoved'),
    );
  };

  const savePhoto = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const wrong = photoProblem(file);
    if (wrong || !file) return fail({ photo: wrong });
    const photo = await withinLimit(file);
    if (!photo) return fail({ photo: t('staff.profile.error.photoSize') });
    void save(
      'photo',
      async () => {
        const saved = await send<StaffProfileOut>('PUT', staffPaths.photo, { image: await base64Of(photo) });
        setFile(null);
        setFileInput((n) => n + 1);
        return saved;
      },
      t('staff.profile.photoSaved'),
    );
  };

  const removePhoto = () =>
    void save('photo', () => send<StaffProfileOut>('DELETE', staffPaths.photo), t('staff.profile.photoRemoved'));

  const heading = t('staff.profile.title');
  return (
    <FormPage
      heading={heading}
      summary={summary(TARGETS.phone)}
      attempt={attempt}
      intro={
        <>
          <p>{t('staff.profile.intro', { name: profile.first_name ?? '' })}</p>
          <p class="inset inset--warning">{t('staff.profile.whoSees')}</p>
        </>
      }
    >
      <p role="status" data-testid="profile-notice">
        {notice}
      </p>
      <form onSubmit={savePhone} noValidate>
        <h2>{t('staff.profile.phoneHeading')}</h2>
        <TextInput
          id={TARGETS.phone}
          label={t('staff.profile.phone')}
          hint={t('staff.profile.phoneHint')}
          error={errors.phone}
          value={phone}
          onInput={setPhone}
          type="tel"
          inputMode="tel"
          autoComplete="work tel"
          width="medium"
        />
        <button type="submit" class="button" disabled={busy}>
          {t('staff.profile.savePhone')}
        </button>
      </form>
      <form onSubmit={savePhoto} noValidate>
        <h2>{t('staff.profile.photoHeading')}</h2>
        {profile.photo_version ? (
          <p>
            <img
              class="pa-photo pa-photo--96"
              src={staffPaths.ownPhoto(profile.photo_version)}
              width={96}
              height={96}
              alt={t('staff.profile.photoAlt')}
              data-testid="profile-photo-now"
            />
          </p>
        ) : (
          <p>{t('staff.profile.noPhoto')}</p>
        )}
        <div class={errors.photo ? 'form-group form-group--error' : 'form-group'}>
          <label class="label" for={TARGETS.photo}>
            {t(profile.photo_version ? 'staff.profile.replacePhoto' : 'staff.profile.addPhoto')}
          </label>
          <p id={`${TARGETS.photo}-hint`} class="hint">
            {t('staff.profile.photoHint')}
          </p>
          <ErrorMessage id={TARGETS.photo} text={errors.photo} />
          <input
            key={fileInput}
            id={TARGETS.photo}
            class="file-upload"
            type="file"
            accept={PHOTO_TYPES.join(',')}
            aria-describedby={errors.photo ? `${TARGETS.photo}-hint ${TARGETS.photo}-error` : `${TARGETS.photo}-hint`}
            aria-invalid={errors.photo ? true : undefined}
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          />
        </div>
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            {t('staff.profile.savePhoto')}
          </button>
          {profile.photo_version && (
            <button type="button" class="button button--warning" disabled={busy} onClick={removePhoto}>
              {t('staff.profile.removePhoto')}
            </button>
          )}
        </div>
      </form>
    </FormPage>
  );
}
