/** Staff sign-in in AWS: a Cognito user pool with the barista and admin groups. */
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";

/** Staff roles; a user's groups arrive in the `cognito:groups` claim of the JWT. */
export const STAFF_GROUPS = ["barista", "admin"] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

/**
 * Accounts are created by an admin (no self sign-up, no seeded passwords in AWS). The API
 * verifies the pool's tokens with the same JWT path it uses for locally issued ones: issuer,
 * audience (the client id) and the pool's JWKS.
 */
export class StaffDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  /** The web app's client: public (no secret), password and SRP sign-in. */
  readonly webClient: cognito.UserPoolClient;
  readonly groups: Record<StaffGroup, cognito.UserPoolGroup>;
  /** `iss` of the pool's tokens; its JWKS is at `${issuer}/.well-known/jwks.json`. */
  readonly issuer: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, "UserPool", {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      passwordPolicy: { minLength: 12 },
      accountRecovery: cognito.AccountRecovery.NONE,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.webClient = this.userPool.addClient("WebClient", {
      generateSecret: false,
      // USER_PASSWORD_AUTH lets the API's `POST /api/auth/login` keep its local contract.
      authFlows: { userPassword: true, userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(8),
      idTokenValidity: Duration.hours(8),
      refreshTokenValidity: Duration.days(7),
    });
    this.groups = {
      admin: new cognito.UserPoolGroup(this, "AdminGroup", {
        userPool: this.userPool,
        groupName: "admin",
        description: "Opens and closes the shop, edits the menu and stock",
        precedence: 0,
      }),
      barista: new cognito.UserPoolGroup(this, "BaristaGroup", {
        userPool: this.userPool,
        groupName: "barista",
        description: "Accepts, completes and cancels orders",
        precedence: 1,
      }),
    };
    this.issuer = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${this.userPool.userPoolId}`;
  }
}
