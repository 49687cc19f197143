// `cpro config …`: settings stored in the store, secrets never printed back; and what invitations do with them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cpro, cproAsync, cproJson, tempDir } from '../helpers/cli.js';
import { startSmtp, tokenOf } from '../helpers/smtp.js';
import { NOW, PERIOD, periodWithTutors } from '../helpers/tutors-fixture.js';
import { storeLabel } from '../helpers/engine.js';

let dir: string;
let cleanup: () => void;
let db: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('cpro-config-'));
  db = join(dir, 'cpro.db');
});
afterEach(() => cleanup());

const noMailEnv = { CPRO_MAIL_FROM: undefined, CPRO_PORTAL_URL: undefined, CPRO_OUTBOX: undefined };
const c = (args: string[], env: Record<string, string | undefined> = {}, input?: string) =>
  cpro(['--db', db, 'config', ...args], { env: { ...noMailEnv, ...env }, input });

describe('cpro config', () => {
  it('sets, gets, lists and unsets the known keys', () => {
    expect(c(['set', 'etablissement.nom', 'Lycée professionnel Jean Moulin'])).toEqual({
      code: 0, stdout: 'etablissement.nom = Lycée professionnel Jean Moulin\n', stderr: `Nouveau magasin de données créé : ${storeLabel(db)}\n`,
    });
    expect(c(['set', 'etablissement.uai', '0750001a']).stdout).toBe('etablissement.uai = 0750001A\n');
    expect(c(['get', 'etablissement.nom']).stdout).toBe('Lycée professionnel Jean Moulin\n');
    const list = c(['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^Clé\s+Valeur\s+Origine\n/);
    expect(list.stdout).toMatch(/etablissement\.nom\s+Lycée professionnel Jean Moulin\s+magasin/);
    expect(list.stdout).toMatch(/mail\.portalUrl\s+http:\/\/localhost:8080\s+défaut/);
    expect(list.stdout).toMatch(/mail\.from\s+non défini/);
    const j = cproJson<Array<{ key: string; value: string | null; source: string }>>(db, ['config', 'list'], { env: noMailEnv });
    expect(j.data.map((e) => e.key)).toEqual([
      'mail.smtpUrl', 'mail.from', 'mail.portalUrl', 'portal.geocoder', 'etablissement.nom', 'etablissement.adresse', 'etablissement.uai', 'etablissement.chef', 'etablissement.telephone', 'enseignant.nom', 'enseignant.courriel', 'enseignant.telephone', 'baremes.fichier',
    ]);
    expect(c(['unset', 'etablissement.nom']).stdout).toBe('etablissement.nom effacé.\n');
    expect(c(['unset', 'etablissement.nom']).stdout).toBe("etablissement.nom n'était pas défini : rien à effacer.\n");
    expect(c(['get', 'etablissement.nom'])).toEqual({
      code: 1, stdout: '', stderr: "erreur : etablissement.nom n'est pas défini (cpro config set etablissement.nom <valeur>)\n",
    });
  });

  it('never prints the SMTP password back', () => {
    const url = 'smtp://pfmp:Tr3s-S3cret@smtp.lycee.example.fr:587';
    const outs = [
      c(['set', 'mail.smtpUrl', url]),
      c(['get', 'mail.smtpUrl']),
      c(['list']),
      cpro(['--db', db, 'config', 'get', 'mail.smtpUrl', '--json']),
      cpro(['--db', db, 'config', 'list', '--json']),
    ];
    expect(outs[0].stdout).toBe('mail.smtpUrl = smtp://pfmp:****@smtp.lycee.example.fr:587\n');
    expect(outs[1].stdout).toBe('smtp://pfmp:****@smtp.lycee.example.fr:587\n');
    for (const o of outs) expect(o.stdout + o.stderr).not.toContain('Tr3s-S3cret');
    // From standard input, out of the shell history.
    const viaStdin = c(['set', 'mail.smtpUrl', '-'], {}, 'smtps://pfmp:Autre-S3cret@smtp.lycee.example.fr\n');
    expect(viaStdin.stdout).toBe('mail.smtpUrl = smtps://pfmp:****@smtp.lycee.example.fr\n');
    // An invalid URL is refused without echoing its password.
    const bad = c(['set', 'mail.smtpUrl', 'http://pfmp:Tr3s-S3cret@smtp']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^erreur : adresse de serveur SMTP invalide « http:\/\/pfmp:\*\*\*\*@smtp » : attendu smtp:\/\//);
    expect(bad.stderr).not.toContain('Tr3s-S3cret');
  });

  it('refuses an unknown key with the list of known ones (exit 2), and invalid values (exit 1)', () => {
    const r = c(['set', 'mail.serveur', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'erreur : clé de configuration inconnue « mail.serveur ». Clés possibles : mail.smtpUrl, mail.from, mail.portalUrl, portal.geocoder, ' +
        'etablissement.nom, etablissement.adresse, etablissement.uai, etablissement.chef, etablissement.telephone, enseignant.nom, enseignant.courriel, enseignant.telephone, baremes.fichier\n',
    );
    expect(c(['get', 'nimporte']).code).toBe(2);
    expect(c(['unset', 'nimporte']).code).toBe(2);
    const uai = c(['set', 'etablissement.uai', '12345']);
    expect(uai).toMatchObject({ code: 1, stderr: 'erreur : code UAI invalide « 12345 » : attendu 7 chiffres et une lettre, par exemple 0750001A\n' });
    expect(c(['set', 'mail.from', 'pfmp']).stderr).toContain('expéditeur invalide « pfmp »');
  });

  it('shows when the environment takes precedence', () => {
    c(['set', 'mail.from', 'PFMP <pfmp@lycee.example.fr>']);
    const env = { CPRO_MAIL_FROM: 'Autre <autre@lycee.example.fr>' };
    expect(c(['get', 'mail.from'], env).stdout).toBe('Autre <autre@lycee.example.fr>\n');
    expect(c(['list'], env).stdout).toMatch(/mail\.from\s+Autre <autre@lycee\.example\.fr>\s+environnement \(CPRO_MAIL_FROM\)/);
    const set = c(['set', 'mail.from', 'PFMP <pfmp@lycee.example.fr>'], env);
    expect(set.stderr).toBe("attention : la variable d'environnement CPRO_MAIL_FROM est définie et reste prioritaire sur ce réglage\n");
  });
});

describe('invitations use the stored settings', () => {
  it('sends through mail.smtpUrl, from mail.from, with links to mail.portalUrl and the school name', async () => {
    await periodWithTutors(dir);
    const smtp = await startSmtp();
    try {
      c(['set', 'mail.smtpUrl', smtp.url]);
      c(['set', 'mail.from', 'PFMP Lycée Jean Moulin <pfmp@lycee.example.fr>']);
      c(['set', 'mail.portalUrl', 'https://pfmp.lycee.example.fr/portail/']);
      c(['set', 'etablissement.nom', 'lycée Jean Moulin']);
      const r = await cproAsync(['--db', db, 'tutors', 'invite', '--period', PERIOD, '--learner', 'ACCARDO'], {
        env: { ...noMailEnv, CPRO_NOW: NOW },
      });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(smtp.messages).toHaveLength(1);
      const m = smtp.messages[0];
      expect(m.from).toBe('pfmp@lycee.example.fr');
      expect(m.text).toContain('élève de la classe 1MSPC du lycée Jean Moulin');
      expect(m.text).toContain(`https://pfmp.lycee.example.fr/portail/acces?jeton=${tokenOf(m)}`);
    } finally {
      await smtp.stop();
    }
  });

  it('asks for a sender before sending', async () => {
    await periodWithTutors(dir);
    c(['set', 'mail.smtpUrl', 'smtp://127.0.0.1:9']);
    const r = cpro(['--db', db, 'tutors', 'invite', '--period', PERIOD], { env: noMailEnv });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'erreur : aucun expéditeur configuré pour l\'envoi : cpro config set mail.from "Nom <adresse@domaine.fr>" (ou CPRO_MAIL_FROM)\n',
    );
  });
});
