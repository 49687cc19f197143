import { describe, expect, it } from 'vitest';
import { maskSmtpUrl, parseSmtpUrl, smtpServerLabel } from '../../src/mail/smtp-url.js';

describe('SMTP URLs', () => {
  it('parse smtp:// and smtps:// with credentials and default ports', () => {
    expect(parseSmtpUrl('smtp://pfmp:p%40ss@smtp.example.fr:587')).toEqual({
      host: 'smtp.example.fr', port: 587, secure: false, auth: { user: 'pfmp', pass: 'p@ss' },
    });
    expect(parseSmtpUrl('smtps://smtp.example.fr')).toEqual({ host: 'smtp.example.fr', port: 465, secure: true });
    expect(parseSmtpUrl('smtp://127.0.0.1')?.port).toBe(587);
  });
  it('keep a password with a stray % as typed instead of failing', () => {
    expect(parseSmtpUrl('smtp://u:100%@h.example.fr:587')?.auth).toEqual({ user: 'u', pass: '100%' });
  });
  it('refuse anything else', () => {
    for (const bad of ['', 'smtp.example.fr', 'http://smtp.example.fr', 'smtp://', 'mailto:a@b.fr']) expect(parseSmtpUrl(bad)).toBeNull();
  });
  it('mask the password, never the rest', () => {
    expect(maskSmtpUrl('smtp://pfmp:s3cr3t@smtp.example.fr:587')).toBe('smtp://pfmp:****@smtp.example.fr:587');
    expect(maskSmtpUrl('smtps://smtp.example.fr:465')).toBe('smtps://smtp.example.fr:465');
    expect(maskSmtpUrl('smtp://h:25?pass=s3cr3t&name=x')).toBe('smtp://h:25?pass=****&name=x');
    expect(maskSmtpUrl('pas une url://u:s3cr3t@h')).not.toContain('s3cr3t');
  });
  it('label a server without credentials', () => {
    expect(smtpServerLabel(parseSmtpUrl('smtp://u:s3cr3t@h:2525')!)).toBe('smtp://h:2525');
  });
});
