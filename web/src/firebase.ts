// The Firebase JS SDK (modular): sign-in with Firebase Auth, realtime reads from Firestore.
// On 127.0.0.1 or localhost the app talks to the local emulators (`make dev`); on a deployed site
// it reads its configuration from Hosting's reserved URL /__/firebase/init.json.
import { type FirebaseApp, initializeApp } from "firebase/app";
import { type Auth, connectAuthEmulator, getAuth, type User } from "firebase/auth";
import { connectFirestoreEmulator, type Firestore, getFirestore } from "firebase/firestore";

export type Role = "customer" | "designer" | "admin";

// The emulators' fixed addresses (firebase.json) and the local stack's demo project.
const LOCAL_PROJECT = "demo-customizations";
const AUTH_EMULATOR_PORT = 9099;
const FIRESTORE_EMULATOR_PORT = 8080;

export const local = ["127.0.0.1", "localhost"].includes(location.hostname);

let app: FirebaseApp;
export let auth: Auth;
export let db: Firestore;

export async function startFirebase(): Promise<void> {
  const config = local
    ? { projectId: LOCAL_PROJECT, apiKey: "demo-key", authDomain: location.host }
    : await (await fetch("/__/firebase/init.json")).json();
  app = initializeApp(config);
  auth = getAuth(app);
  db = getFirestore(app);
  if (local) {
    connectAuthEmulator(auth, `http://${location.hostname}:${AUTH_EMULATOR_PORT}`, { disableWarnings: true });
    connectFirestoreEmulator(db, location.hostname, FIRESTORE_EMULATOR_PORT);
  }
}

/** The signed-in user's ID token (refreshed by the SDK when it is about to expire), or null. */
export async function idToken(): Promise<string | null> {
  return auth.currentUser ? auth.currentUser.getIdToken() : null;
}

/** The role in the user's token: the custom claim `role`, none meaning customer (as the API reads it). */
export async function roleOf(user: User): Promise<Role> {
  const claim = (await user.getIdTokenResult()).claims.role;
  return claim === "designer" || claim === "admin" ? claim : "customer";
}
