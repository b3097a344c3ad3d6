# Sourced by the end-to-end tests' make-test-pki.sh and the retention tests: making EC P-256
# keys, test CAs and certificates with openssl for the cases the development PKI (zvh-pga pki
# dev) must not make. Every function keeps what already exists.

# new_key FILE
new_key() {
  [[ -f "$1" ]] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
  chmod 600 "$1"
}

# new_ca DIR NAME SUBJECT DAYS: DIR/NAME.key and the self-signed DIR/NAME.pem.
new_ca() {
  local into=$1 name=$2 subject=$3 validity=$4
  [[ -f "$into/$name.pem" ]] && return
  new_key "$into/$name.key"
  openssl req -x509 -new -key "$into/$name.key" -sha256 -days "$validity" -subj "$subject" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$into/$name.pem"
}

# issue DIR CA NAME SUBJECT DAYS EXTENSIONS: DIR/NAME.key and DIR/NAME.pem, signed by DIR/CA.
issue() {
  local into=$1 ca=$2 name=$3 subject=$4 validity=$5 extensions=$6
  [[ -f "$into/$name.pem" ]] && return
  new_key "$into/$name.key"
  openssl req -new -key "$into/$name.key" -subj "$subject" -out "$into/$name.csr"
  openssl x509 -req -in "$into/$name.csr" -CA "$into/$ca.pem" -CAkey "$into/$ca.key" -CAcreateserial \
    -days "$validity" -sha256 -extfile <(printf '%s\n' "$extensions") -out "$into/$name.pem" 2>/dev/null
  rm -f "$into/$name.csr"
}

# The extensions of the ZVH's certificate that signs the statements of destruction (config
# statementSigning): a document signer, no TLS usage, so openssl cms -verify accepts it.
readonly STATEMENT_SIGNING_EXTENSIONS="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation"

# The extensions of a partner's client certificate.
readonly CLIENT_EXTENSIONS="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
