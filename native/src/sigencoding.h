// Signature / public-key encoding rules (BIP66 strict DER, low S, hash types, key formats) and
// Core's FindAndDelete.
#ifndef BSML_SIGENCODING_H
#define BSML_SIGENCODING_H

#include <cstddef>
#include <cstdint>

namespace bsml {

/** Core's CheckSignatureEncoding: BSML_ERR_OK or the error. */
int check_signature_encoding(const std::uint8_t* sig, std::size_t n, std::uint32_t flags);
/** Core's CheckPubKeyEncoding: BSML_ERR_OK or the error. */
int check_pubkey_encoding(const std::uint8_t* pk, std::size_t n, std::uint32_t flags, int sigversion);
/**
 * Core's FindAndDelete of the needle `head || body` (a push header and the pushed bytes) from
 * `script` (size `*size`), in place; updates `*size` and returns the number of matches removed.
 */
std::size_t find_and_delete(std::uint8_t* script, std::size_t* size, const std::uint8_t* head, std::size_t head_size,
                            const std::uint8_t* body, std::size_t body_size);

}  // namespace bsml

#endif  // BSML_SIGENCODING_H
