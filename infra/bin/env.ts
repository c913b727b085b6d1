/** The only reader of `process.env` in the CDK app. */

/** Where `cdk` wants the cloud assembly (it sets this itself); unset for `pnpm run synth`. */
export const cdkOutDir: string | undefined = process.env.CDK_OUTDIR;
