import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { UsageError, UserError } from '../../src/domain/errors.js';
import {
  DEFAULT_PORTAL_URL, getConfig, listConfig, mailSettings, mailWarnings, senderAddress, setConfig, unsetConfig,
} from '../../src/services/shared/config.js';

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('config service', () => {
  it('stores known keys, normalised, and masks secrets on the way out', async () => {
    expect(await setConfig(store, 'etablissement.uai', ' 0750001a ', {})).toEqual({ key: 'etablissement.uai', value: '0750001A' });
    expect(await setConfig(store, 'mail.smtpUrl', 'smtp://u:s3cr3t@h:587', {})).toEqual({ key: 'mail.smtpUrl', value: 'smtp://u:****@h:587' });
    expect(await store.config.get('mail.smtpUrl')).toBe('smtp://u:s3cr3t@h:587');
    expect(await getConfig(store, 'MAIL.SMTPURL', {})).toMatchObject({ value: 'smtp://u:****@h:587', source: 'magasin' });
    expect(JSON.stringify(await listConfig(store, {}))).not.toContain('s3cr3t');
    expect((await setConfig(store, 'mail.portalUrl', 'https://pfmp.example.fr/', {})).value).toBe('https://pfmp.example.fr');
  });

  it('refuses unknown keys (usage) and invalid values (data), without echoing passwords', async () => {
    await expect(setConfig(store, 'mail.smtp', 'x', {})).rejects.toThrow(UsageError);
    await expect(setConfig(store, 'mail.smtp', 'x', {})).rejects.toThrow(/clé de configuration inconnue « mail.smtp ».*mail\.smtpUrl/);
    await expect(setConfig(store, 'etablissement.uai', '123', {})).rejects.toThrow(UserError);
    await expect(setConfig(store, 'mail.from', 'pas une adresse', {})).rejects.toThrow(/expéditeur invalide/);
    await expect(setConfig(store, 'mail.portalUrl', 'ftp://x', {})).rejects.toThrow(/adresse de portail invalide/);
    await expect(setConfig(store, 'etablissement.nom', '  ', {})).rejects.toThrow(/valeur vide/);
    // expect.fail inside the try would be caught and pass the check below: take the error out first.
    let refused: unknown;
    try {
      await setConfig(store, 'mail.smtpUrl', 'http://u:s3cr3t@h', {});
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).not.toContain('s3cr3t');
  });

  it('reports the environment as taking precedence', async () => {
    const env = { CPRO_SMTP_URL: 'smtp://e:envpass@envhost:25' };
    expect(await setConfig(store, 'mail.smtpUrl', 'smtp://h:25', env)).toMatchObject({ overriddenBy: 'CPRO_SMTP_URL' });
    expect(await getConfig(store, 'mail.smtpUrl', env)).toMatchObject({ value: 'smtp://e:****@envhost:25', source: 'environnement', env: 'CPRO_SMTP_URL' });
    expect(await getConfig(store, 'mail.portalUrl', {})).toMatchObject({ value: DEFAULT_PORTAL_URL, source: 'défaut' });
    expect(await getConfig(store, 'mail.from', {})).toMatchObject({ value: null, source: 'non défini' });
  });

  it('unsets, idempotently', async () => {
    await setConfig(store, 'etablissement.nom', 'Lycée Jean Moulin', {});
    expect(await unsetConfig(store, 'etablissement.nom')).toEqual({ key: 'etablissement.nom', removed: true });
    expect(await unsetConfig(store, 'etablissement.nom')).toEqual({ key: 'etablissement.nom', removed: false });
  });

  it('resolves mail settings: environment, then store, then defaults', async () => {
    let s = await mailSettings(store, {}, '/tmp/x');
    expect(s).toMatchObject({ smtpUrl: null, portalUrl: DEFAULT_PORTAL_URL, portalUrlIsDefault: true, outboxDir: '/tmp/x/outbox' });
    await setConfig(store, 'mail.smtpUrl', 'smtp://h:25', {});
    await expect(mailSettings(store, {}, '/tmp/x')).rejects.toThrow(/aucun expéditeur configuré/);
    await setConfig(store, 'mail.from', 'PFMP <pfmp@lycee.example.fr>', {});
    await setConfig(store, 'etablissement.nom', 'Lycée Jean Moulin', {});
    s = await mailSettings(store, { CPRO_PORTAL_URL: 'https://env.example.fr/', CPRO_OUTBOX: 'boite' }, '/tmp/x');
    expect(s).toMatchObject({
      smtpUrl: 'smtp://h:25', from: 'PFMP <pfmp@lycee.example.fr>', portalUrl: 'https://env.example.fr',
      portalUrlIsDefault: false, outboxDir: '/tmp/x/boite', school: 'Lycée Jean Moulin',
    });
    await expect(mailSettings(store, { CPRO_SMTP_URL: 'nimporte' }, '/tmp/x')).rejects.toThrow(/adresse de serveur SMTP invalide/);
  });

  it('reads the address of a sender', () => {
    expect(senderAddress('PFMP Lycée <pfmp@lycee.example.fr>')).toBe('pfmp@lycee.example.fr');
    expect(senderAddress('pfmp@lycee.example.fr')).toBe('pfmp@lycee.example.fr');
  });
});

describe('mail warnings', () => {
  it('warns when the links or the sender are on localhost', async () => {
    const s = await mailSettings(store, {}, '/tmp/x');
    const w = mailWarnings(s);
    expect(w).toHaveLength(2);
    expect(w[0]).toContain("les liens d'accès pointent vers http://localhost:8080");
    expect(w[1]).toContain("l'expéditeur est « cprosync <cprosync@localhost> »");
    await setConfig(store, 'mail.portalUrl', 'https://pfmp.lycee.example.fr', {});
    await setConfig(store, 'mail.from', 'PFMP <pfmp@lycee.example.fr>', {});
    expect(mailWarnings(await mailSettings(store, {}, '/tmp/x'))).toEqual([]);
    expect(mailWarnings(await mailSettings(store, { CPRO_PORTAL_URL: 'http://127.0.0.1:8080' }, '/tmp/x'))).toHaveLength(1);
  });

  it('when really sending, also warns of a portal served in plain http, and says a local address once', async () => {
    await setConfig(store, 'mail.from', 'PFMP <pfmp@lycee.example.fr>', {});
    const http = await mailSettings(store, { CPRO_PORTAL_URL: 'http://pfmp.lycee.example.fr' }, '/tmp/x');
    expect(mailWarnings(http, 'un tuteur', false)).toEqual([]);
    expect(mailWarnings(http, 'un tuteur', true)).toEqual([
      'les liens envoyés sont en http (http://pfmp.lycee.example.fr) : le portail doit être servi en https derrière un proxy inverse (cpro config set mail.portalUrl https://…)',
    ]);
    const local = await mailSettings(store, { CPRO_PORTAL_URL: 'http://127.0.0.1:8080' }, '/tmp/x');
    expect(mailWarnings(local, 'un apprenant', true)).toHaveLength(1);
    expect(mailWarnings(local, 'un apprenant', true)[0]).toContain('un apprenant ne peut pas l');
  });
});
